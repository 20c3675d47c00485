"""Kubernetes manifests as podman 4.3's `podman kube play` runs them, changed only where it must.

podman 4.3 plays Pods, ConfigMaps and PersistentVolumeClaims, not Jobs, and crashes on Secret
volumes; it neither fills env values from the downward API's status fields (the pod IP) nor
expands $(VAR) in command and args. So, for deploy/kubernetes:

- a Job becomes its pod template as a Pod named after the Job; an Indexed Job with completions N
  becomes N Pods, NAME-0 ... NAME-(N-1), each with JOB_COMPLETION_INDEX set as Kubernetes sets it;
- a Secret becomes a ConfigMap of the same name and text, and secret volumes configMap volumes;
- env values taken from status.* fields are left out (podman cannot fill them);
- a Service is left out: pods on a podman network resolve each other by pod name, so the
  Service's name must be the name of one of the pods (else this fails: the address the manifests
  use would not resolve);
- every container runs IMAGE (the image under test, never pulled), and pods never restart;
- with SUFFIX, every ConfigMap, Secret and PersistentVolumeClaim is named NAME-SUFFIX, and the
  pods' volumes follow: podman makes a volume of each one's name, keeps it after `kube down`,
  and shares it machine-wide, so a play that reused a name would meet another play's volume
  (and rewrite it under that play's running pods).

Anything else is left as it is; a kind this does not know, or $(VAR) in a command, is an error.
Usage: kube_for_podman.py MANIFEST_DIR IMAGE [SUFFIX] > play.yaml   (needs PyYAML)
"""
import base64
import copy
import pathlib
import sys

import yaml


def fail(message):
    sys.exit("kube_for_podman.py: " + message)


def load(directory):
    documents = []
    files = sorted(p for p in pathlib.Path(directory).rglob("*") if p.suffix in (".yaml", ".yml"))
    for path in files:
        if path.stem == "kustomization":
            continue
        with open(path, encoding="utf-8") as f:
            documents += [(path.name, d) for d in yaml.safe_load_all(f) if d]
    if not documents:
        fail(f"no manifests in {directory}")
    return documents


def secret_as_config_map(secret):
    data = {}
    for key, value in (secret.get("data") or {}).items():
        try:
            data[key] = base64.b64decode(value).decode("utf-8")
        except UnicodeDecodeError:
            fail(f"Secret {secret['metadata']['name']}: {key} is not text, which a ConfigMap's data cannot hold")
    data.update(secret.get("stringData") or {})
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": secret["metadata"]["name"]}, "data": data}


def adapt(spec, image, where, renamed):
    spec["restartPolicy"] = "Never"
    for volume in spec.get("volumes", []):
        if "secret" in volume:
            secret = volume.pop("secret")
            volume["configMap"] = {"name": renamed.get(("Secret", secret["secretName"]), secret["secretName"])}
            for key in ("items", "defaultMode", "optional"):
                if key in secret:
                    volume["configMap"][key] = secret[key]
        elif "configMap" in volume:
            name = volume["configMap"]["name"]
            volume["configMap"]["name"] = renamed.get(("ConfigMap", name), name)
        elif "persistentVolumeClaim" in volume:
            claim = volume["persistentVolumeClaim"]
            claim["claimName"] = renamed.get(("PersistentVolumeClaim", claim["claimName"]), claim["claimName"])
    for container in spec.get("initContainers", []) + spec["containers"]:
        for word in container.get("command", []) + container.get("args", []):
            if "$(" in word:
                fail(f"{where}: podman 4.3 does not expand $(VAR) in {word!r}")
        container["image"] = image
        container["imagePullPolicy"] = "Never"
        env = [e for e in container.get("env", [])
               if not e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath", "").startswith("status.")]
        if env:
            container["env"] = env
        else:
            container.pop("env", None)
    return spec


def pods_of_job(job, image, where, renamed):
    name = job["metadata"]["name"]
    spec = job["spec"]
    template = spec["template"]
    indexed = spec.get("completionMode") == "Indexed"
    completions = spec.get("completions", 1)
    pods = []
    for index in range(completions):
        pod_spec = adapt(copy.deepcopy(template["spec"]), image, where, renamed)
        if indexed:
            for container in pod_spec["containers"]:
                container.setdefault("env", []).append({"name": "JOB_COMPLETION_INDEX", "value": str(index)})
        metadata = {"name": name if completions == 1 and not indexed else f"{name}-{index}"}
        labels = (template.get("metadata") or {}).get("labels")
        if labels:
            metadata["labels"] = dict(labels)
        pods.append({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": pod_spec})
    return pods


def convert(documents, image, suffix=None):
    # {(kind, name): name under the suffix}, for every object podman keeps a volume of.
    renamed = {(d["kind"], d["metadata"]["name"]): f"{d['metadata']['name']}-{suffix}" for _, d in documents
             if suffix and d.get("kind") in ("ConfigMap", "Secret", "PersistentVolumeClaim")}
    kept, pods, services = [], [], []
    for where, d in documents:
        kind = d.get("kind")
        if kind in ("ConfigMap", "PersistentVolumeClaim"):
            d = copy.deepcopy(d)
            d["metadata"]["name"] = renamed.get((kind, d["metadata"]["name"]), d["metadata"]["name"])
            kept.append(d)
        elif kind == "Secret":
            config_map = secret_as_config_map(d)
            config_map["metadata"]["name"] = renamed.get(("Secret", d["metadata"]["name"]), d["metadata"]["name"])
            kept.append(config_map)
        elif kind == "Service":
            services.append(d["metadata"]["name"])
        elif kind == "Job":
            pods += pods_of_job(d, image, where, renamed)
        elif kind == "Pod":
            pods.append({**d, "spec": adapt(copy.deepcopy(d["spec"]), image, where, renamed)})
        else:
            fail(f"{where}: {kind} is not one of the kinds this runs under podman")
    names = {p["metadata"]["name"] for p in pods}
    for service in services:
        if service not in names:
            fail(f"Service {service} names no pod ({', '.join(sorted(names))}): under podman it would not resolve")
    # What pods mount first, then the pods in the order the manifests give them.
    return kept + pods


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    suffix = sys.argv[3] if len(sys.argv) == 4 else None
    yaml.safe_dump_all(convert(load(sys.argv[1]), sys.argv[2], suffix), sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
