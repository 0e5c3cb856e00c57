#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript): prints the
# JSON Spark expects, {"name": "gpu", "addresses": ["0", "1", ...]}, with the indices of the GPUs
# this container sees (nvidia-smi; on Kubernetes the device plugin exposes only the GPUs granted to
# the pod). Exits non-zero with a message when nvidia-smi is missing or fails, so that an executor
# asked for GPUs on a machine without them fails at start-up instead of running on the CPU.
set -euo pipefail
command -v nvidia-smi >/dev/null 2>&1 || { echo "gpu-discovery: Cannot find nvidia-smi: no NVIDIA driver in this container" >&2; exit 1; }
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader)" || { echo "gpu-discovery: Cannot list GPUs: nvidia-smi failed" >&2; exit 1; }
addresses=""
while read -r index; do
  index="${index//[[:space:]]/}"
  [ -n "$index" ] || continue
  case "$index" in *[!0-9]*) echo "gpu-discovery: Invalid GPU index from nvidia-smi: $index" >&2; exit 1 ;; esac
  addresses="${addresses:+$addresses, }\"$index\""
done <<<"$indices"
[ -n "$addresses" ] || { echo "gpu-discovery: Cannot find a GPU: nvidia-smi lists none" >&2; exit 1; }
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
