#!/usr/bin/env bash
# Checks that every manifest here is well-formed YAML (python3 with PyYAML: apt-get install python3-yaml).
set -euo pipefail
cd "$(dirname "$0")"
for f in *.yaml; do
  python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
  echo "ok: $f"
done
