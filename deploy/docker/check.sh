#!/usr/bin/env bash
# Checks deploy/docker without a Docker engine (none runs on the project's machines):
#   - every Dockerfile instruction is a known one, continuation lines join, FROM comes first
#     (after ARGs) and uses only ARGs declared before it;
#   - every COPY source exists in the checkout (run `mvn -DskipTests package` first) and is not
#     excluded by Dockerfile.dockerignore (last matching pattern wins, as in Docker);
#   - gpu-discovery.sh parses (bash -n).
# It cannot check that the base image, the apt packages or the build itself work: only
# `docker build` does that.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash -n "$here/gpu-discovery.sh"
python3 - "$here/Dockerfile" "$here/Dockerfile.dockerignore" "$root" <<'EOF'
import fnmatch, os, re, shlex, sys

dockerfile, ignore_file, root = sys.argv[1:4]
known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
         "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
errors = []
instructions = []
logical = ""
for number, line in enumerate(open(dockerfile, encoding="utf-8"), 1):
    stripped = line.strip()
    if not logical and (not stripped or stripped.startswith("#")):
        continue
    if stripped.startswith("#"):
        continue  # comment inside a continued instruction
    if stripped.endswith("\\"):
        logical += stripped[:-1] + " "
        continue
    logical += stripped
    instructions.append((number, logical))
    logical = ""
if logical:
    errors.append("the last instruction ends with a continuation backslash")

declared = set()
seen_from = False
copies = []
for number, text in instructions:
    keyword, _, rest = text.partition(" ")
    keyword = keyword.upper()
    if keyword not in known:
        errors.append(f"line {number}: Invalid instruction: {keyword}")
        continue
    if not seen_from and keyword not in ("ARG", "FROM"):
        errors.append(f"line {number}: Invalid order: {keyword} before FROM")
    if keyword == "ARG" and not seen_from:
        declared.add(rest.split("=", 1)[0].strip())
    if keyword == "FROM":
        seen_from = True
        for name in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", rest):
            if name not in declared:
                errors.append(f"line {number}: Invalid FROM: ${name} is not an ARG declared before it")
    if keyword in ("COPY", "ADD"):
        words = [w for w in shlex.split(rest) if not w.startswith("--")]
        if any(w.startswith("--from") for w in shlex.split(rest)):
            continue
        if len(words) < 2:
            errors.append(f"line {number}: Invalid {keyword}: needs a source and a destination")
        copies.extend((number, source) for source in words[:-1])
if not seen_from:
    errors.append("Invalid Dockerfile: no FROM")

patterns = []
for line in open(ignore_file, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        patterns.append((line.startswith("!"), line.lstrip("!")))

def excluded(path):
    result = False
    for include, pattern in patterns:
        if fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern.rstrip("/") + "/"):
            result = not include
    return result

for number, source in copies:
    if not os.path.exists(os.path.join(root, source)):
        errors.append(f"line {number}: Cannot find COPY source {source} (build the project first: mvn -DskipTests package)")
    if excluded(source):
        errors.append(f"line {number}: Invalid COPY source {source}: excluded by {os.path.basename(ignore_file)}")

for error in errors:
    print("check: " + error, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"ok: {len(instructions)} instructions, {len(copies)} COPY sources present and not ignored")
EOF
