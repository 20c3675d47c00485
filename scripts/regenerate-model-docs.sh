#!/usr/bin/env bash
# Regenerates the "Model reference" section of docs/models.md from the model registry
# (`volley models --markdown`); ModelRegistryTests fail until the docs agree with the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VOLLEY_BIN:-.build/debug/volley}
[ -x "$bin" ] || swift build --product volley >/dev/null
python3 - "$bin" <<'PY'
import subprocess, sys
ref = subprocess.run([sys.argv[1], "models", "--markdown"], check=True, capture_output=True, text=True).stdout
text = open("docs/models.md").read()
start = text.index("## Model reference\n\n") + len("## Model reference\n\n")
end = text.index("\n## Adding a model")
open("docs/models.md", "w").write(text[:start] + ref + text[end:])
PY
echo "docs/models.md: model reference regenerated"
