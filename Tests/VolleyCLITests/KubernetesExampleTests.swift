// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// deploy/kubernetes, the example docs/deploying.md describes: every manifest validates against
/// Kubernetes' schemas (kubernetes-validate --strict, from the test venv that `make test` sets up
/// and names in VOLLEY_PYTHON); its parts agree with each other and with configs/brunel.yaml; and
/// run under `podman kube play` on a network of its own, its coordinator and workers exit 0 with
/// the spikes of the same run in one process. podman 4.3 plays Pods, not Jobs, and no Secret
/// volumes: Fixtures/kube_for_podman.py turns the manifests into what it plays and says what it
/// changes. Without the venv or the image these fail, unless VOLLEY_SKIP_IMAGE=1 opts out.
@Suite(.disabled(if: ContainerEngine.skipRequested, "VOLLEY_SKIP_IMAGE=1"), .serialized)
struct KubernetesExampleTests {
    static let folder = VolleyProcess.repositoryRoot.appendingPathComponent("deploy/kubernetes").path
    static let converter = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyCLITests/Fixtures/kube_for_podman.py").path
    static let noPython = "VOLLEY_PYTHON is unset: make test points it at .venv-test, with kubernetes-validate and PyYAML"

    static func manifestFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { folder + "/" + $0 }
    }

    /// Every document of every manifest, parsed by PyYAML (as Kubernetes' YAML reads it).
    static func documents(python: String) throws -> [[String: Any]] {
        let script = "import json, sys, yaml; print(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d]))"
        let r = try VolleyProcess.run(["-c", script] + manifestFiles(), executable: python)
        try #require(r.status == 0, "\(r.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    }

    static func find(_ kind: String, _ name: String, in documents: [[String: Any]]) throws -> [String: Any] {
        let found = documents.first { $0["kind"] as? String == kind && ($0["metadata"] as? [String: Any])?["name"] as? String == name }
        return try #require(found, "no \(kind) \(name) in deploy/kubernetes")
    }

    /// The first container of a Job's pod template.
    static func container(ofJob job: [String: Any]) throws -> [String: Any] {
        let template = (job["spec"] as? [String: Any])?["template"] as? [String: Any]
        let containers = (template?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
        return try #require(containers?.first)
    }

    /// The value after `option` in `args`.
    static func value(of option: String, in args: [String]) -> String? {
        args.firstIndex(of: option).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
    }

    @Test func everyManifestValidatesStrictly() throws {
        let python = try #require(VolleyProcess.python, "\(Self.noPython)")
        let validator = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("kubernetes-validate").path
        try #require(FileManager.default.isExecutableFile(atPath: validator), "no \(validator): make test installs it into the venv")
        let files = try Self.manifestFiles()
        try #require(files.count >= 6, "\(files)")
        let r = try VolleyProcess.run(["--strict"] + files, executable: validator)
        #expect(r.status == 0, "\(r.output)")
    }

    /// What docs/deploying.md tells people to keep in step is in step: the ConfigMap holds
    /// configs/brunel.yaml as it is, the workers' Job starts as many workers as the coordinator
    /// waits for, the Service is the coordinator's name, and the Secret says it is an example.
    @Test func exampleAgreesWithItselfAndTheModel() throws {
        let python = try #require(VolleyProcess.python, "\(Self.noPython)")
        let docs = try Self.documents(python: python)

        let model = try Self.find("ConfigMap", "volley-model", in: docs)
        let text = (model["data"] as? [String: String])?["brunel.yaml"]
        #expect(text == (try String(contentsOfFile: VolleyProcess.config("brunel.yaml"), encoding: .utf8)),
                "deploy/kubernetes/model-configmap.yaml no longer holds configs/brunel.yaml as it is")

        let coordinator = try Self.find("Job", "volley-coordinator", in: docs)
        let args = try #require(try Self.container(ofJob: coordinator)["args"] as? [String])
        #expect(Array(args.prefix(2)) == ["coordinator", "/model/brunel.yaml"])
        #expect(Self.value(of: "--t-sim", in: args) == "1000" && Self.value(of: "--seed", in: args) == "1", "\(args)")
        #expect(Self.value(of: "--keys", in: args) == "/keys", "\(args)")

        let workers = try Self.find("Job", "volley-worker", in: docs)
        let spec = try #require(workers["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let n = try #require(Self.value(of: "--workers", in: args).flatMap(Int.init), "\(args)")
        #expect(n == 2 && spec["completions"] as? Int == n && spec["parallelism"] as? Int == n,
                "coordinator --workers \(n), completions \(spec["completions"] ?? "-"), parallelism \(spec["parallelism"] ?? "-")")
        let worker = try Self.container(ofJob: workers)
        let script = (worker["command"] as? [String])?.joined(separator: " ") ?? ""
        #expect(script.contains("--coordinator tcp://volley-coordinator:5555") && script.contains("--keys /keys")
                && script.contains(#"--advertise "$POD_IP""#), "\(script)")
        let env = try #require(worker["env"] as? [[String: Any]])
        let podIP = env.first { $0["name"] as? String == "POD_IP" }
        #expect(((podIP?["valueFrom"] as? [String: Any])?["fieldRef"] as? [String: Any])?["fieldPath"] as? String == "status.podIP")

        let service = try Self.find("Service", "volley-coordinator", in: docs)
        #expect((service["spec"] as? [String: Any])?["clusterIP"] as? String == "None")

        let secret = try Self.find("Secret", "volley-keys", in: docs)
        let files = try #require(secret["stringData"] as? [String: String])
        #expect(Set(files.keys) == ["server.public", "server.secret", "client.public", "client.secret", "authorized_keys"])
        let secretText = try String(contentsOfFile: Self.folder + "/keys-secret.example.yaml", encoding: .utf8)
        #expect(secretText.contains("EXAMPLE") && secretText.contains("not for real use"))
    }

    /// The example as podman runs it: the coordinator pod at the Service's address, one pod per
    /// worker index, keys from the Secret; the coordinator's logged hash is the in-process one.
    /// podman 4.3 makes a volume per ConfigMap and claim, named like it, machine-wide, and leaves
    /// it after `kube down`; so the play's ConfigMaps and claim carry this run's network name as a
    /// suffix (no other play's volume is met, and removing ours touches no one else's). As it plays
    /// each pod it writes that pod's ConfigMap volumes again, in place (truncate, then write), while
    /// the pods played before it already run: a worker starting then read an empty
    /// /keys/server.secret and exited 2. So every pod is made first (`--start=false`), then all
    /// are started, with every volume written.
    @Test func exampleRunsUnderPodmanKubePlay() throws {
        let image = try #require(ContainerEngine.image, "\(ContainerEngine.missingImage)")
        let python = try #require(VolleyProcess.python, "\(Self.noPython)")
        try #require(ContainerEngine.command == "podman", "kube play needs podman (CONTAINER_ENGINE is \(ContainerEngine.command))")
        let dir = try VolleyProcess.temporaryDirectory()
        let play = dir + "/play.yaml"
        let network = ContainerEngine.uniqueName("kube")
        let volumes = Self.volumes.map { "\($0)-\(network)" }
        defer {
            // kube down leaves the volumes podman made for the claim and the ConfigMaps.
            _ = try? ContainerEngine.run(["kube", "down", play])
            _ = try? ContainerEngine.run(["volume", "rm", "-f"] + volumes)
            _ = try? ContainerEngine.run(["network", "rm", "-f", network])
            try? FileManager.default.removeItem(atPath: dir)
        }
        let converted = try VolleyProcess.run([Self.converter, Self.folder, image, network], executable: python)
        try #require(converted.status == 0, "\(converted.stderr)")
        try converted.stdout.write(toFile: play, atomically: true, encoding: .utf8)
        try #require(try ContainerEngine.run(["network", "create", network]).status == 0)
        let started = Date()
        let r = try ContainerEngine.run(["kube", "play", "--start=false", "--network", network, play])
        try #require(r.status == 0, "podman kube play: \(r.output)")
        let pods = try ContainerEngine.run(["pod", "start", "volley-coordinator", "volley-worker-0", "volley-worker-1"])
        try #require(pods.status == 0, "podman pod start: \(pods.output)")

        // podman names a pod's containers POD-CONTAINER.
        let coordinator = "volley-coordinator-coordinator"
        let workers = ["volley-worker-0-worker", "volley-worker-1-worker"]
        let states = try Self.waitForExit([coordinator] + workers, upTo: 300)
        let elapsed = Date().timeIntervalSince(started)
        let logs = try ContainerEngine.run(["logs", coordinator]).output
        for (container, state) in zip([coordinator] + workers, states) {
            let detail = container == coordinator ? logs : try ContainerEngine.run(["logs", container]).output
            #expect(state == "exited 0", "\(container) (\(Self.mounts(of: container))): \(state)\n\(detail)")
        }
        let logged = try #require(logs.split(separator: "\n").last { $0.contains("spikes_sha256") }, "\(logs)")
        let words = logged.split(whereSeparator: { $0 == " " || $0 == ";" })
        let hash = try #require(words.firstIndex(of: "spikes_sha256").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil })

        let local = try VolleyProcess.run(
            ["run", VolleyProcess.config("brunel.yaml"), "--t-sim", "1000", "--seed", "1", "--out", dir + "/local", "--quiet"])
        try #require(local.status == 0, "\(local.output)")
        #expect(hash == (try VolleyProcess.spikeHash(in: dir + "/local")), "kube play logged \(logged)")
        print("kube play: the example ran in \(Int(elapsed)) s on its pods")
    }

    /// The volumes podman makes when it plays the example, before the suffix: the results
    /// claim's, and one per ConfigMap (the Secret's among them).
    static let volumes = ["volley-results", "volley-model", "volley-keys"]

    /// Which volume a container has at which path (`volley-keys-SUFFIX at /keys, ...`), so that
    /// a container that failed on a file it read is named with the volume that held the file.
    static func mounts(of container: String) -> String {
        let format = "{{range .Mounts}}{{.Name}} at {{.Destination}}, {{end}}"
        let r = try? ContainerEngine.run(["inspect", "--format", format, container])
        return r?.stdout.trimmingCharacters(in: CharacterSet(charactersIn: ", \n")) ?? "mounts unknown"
    }

    /// Polls the containers until none runs (or `seconds` pass); their `STATUS EXITCODE` each.
    static func waitForExit(_ containers: [String], upTo seconds: Double) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let r = try ContainerEngine.run(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}"] + containers)
            try #require(r.status == 0, "podman inspect: \(r.output)")
            let states = r.stdout.split(separator: "\n").map(String.init)
            if states.allSatisfy({ $0.hasPrefix("exited") }) || Date() > deadline { return states }
            Thread.sleep(forTimeInterval: 1)
        }
    }
}
