#!/usr/bin/env bash
# Offline checks of the Kubernetes material here (no cluster needed):
#   - every *.yaml parses as YAML (python3 with PyYAML; Debian: apt-get install python3-yaml);
#   - every document has apiVersion and kind; resources other than pod templates have a name;
#   - pod templates use only the Pod fields we know (a misspelt key such as nodeSelecter or
#     mountpath fails here instead of being dropped silently), every volumeMount names a volume;
#   - the names agree: the service account, the namespace, the role binding's role and subject,
#     the claim tnas-data, and the files submit-example.sh refers to;
#   - submit-example.sh parses (bash -n; shellcheck too when installed).
# The real test of the manifests is `kubectl apply --dry-run=server` against your cluster.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
python3 -c 'import yaml' 2>/dev/null || { echo "validate: Cannot import yaml: install PyYAML (apt-get install python3-yaml)" >&2; exit 2; }
bash -n submit-example.sh
if command -v shellcheck >/dev/null 2>&1; then shellcheck submit-example.sh; fi
python3 - ./*.yaml <<'EOF'
import re, sys, yaml

POD = {"apiVersion", "kind", "metadata", "spec"}
METADATA = {"name", "namespace", "labels", "annotations"}
SPEC = {"serviceAccountName", "nodeSelector", "securityContext", "containers", "initContainers", "volumes",
        "tolerations", "affinity", "priorityClassName", "schedulerName", "imagePullSecrets", "hostNetwork",
        "dnsPolicy", "terminationGracePeriodSeconds", "restartPolicy", "topologySpreadConstraints"}
POD_SECURITY = {"fsGroup", "runAsUser", "runAsGroup", "runAsNonRoot", "supplementalGroups", "fsGroupChangePolicy",
                "seccompProfile"}
CONTAINER = {"name", "image", "resources", "volumeMounts", "env", "envFrom", "securityContext", "ports",
             "command", "args", "imagePullPolicy", "lifecycle", "livenessProbe", "readinessProbe", "workingDir"}
RESOURCES = {"requests", "limits"}
MOUNT = {"name", "mountPath", "readOnly", "subPath", "mountPropagation"}
VOLUME_SOURCES = {"emptyDir", "persistentVolumeClaim", "configMap", "secret", "hostPath", "nfs", "projected"}
TOLERATION = {"key", "operator", "value", "effect", "tolerationSeconds"}
VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"}

errors = []
documents = {}
def unknown(where, value, allowed):
    if not isinstance(value, dict):
        errors.append(f"{where}: Invalid value: expected a mapping, got {type(value).__name__}")
        return
    for key in value:
        if key not in allowed:
            errors.append(f"{where}: Invalid field: {key} (known: {', '.join(sorted(allowed))})")

for path in sys.argv[1:]:
    try:
        docs = [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d is not None]
    except yaml.YAMLError as e:
        errors.append(f"{path}: Invalid YAML: {e}")
        continue
    for i, doc in enumerate(docs):
        where = f"{path}[{i}]"
        if not isinstance(doc, dict) or "apiVersion" not in doc or "kind" not in doc:
            errors.append(f"{where}: Invalid document: needs apiVersion and kind")
            continue
        documents.setdefault(doc["kind"], []).append((where, doc))
        is_template = path.endswith("pod-template.yaml")
        if not is_template and not doc.get("metadata", {}).get("name"):
            errors.append(f"{where}: Invalid {doc['kind']}: metadata.name is missing")
        if doc["kind"] != "Pod":
            continue
        unknown(where, doc, POD)
        unknown(where + ".metadata", doc.get("metadata", {}), METADATA)
        spec = doc.get("spec", {})
        unknown(where + ".spec", spec, SPEC)
        if "securityContext" in spec:
            unknown(where + ".spec.securityContext", spec["securityContext"], POD_SECURITY)
        volumes = set()
        for v in spec.get("volumes", []):
            unknown(where + ".spec.volumes", v, {"name"} | VOLUME_SOURCES)
            volumes.add(v.get("name"))
        for t in spec.get("tolerations", []):
            unknown(where + ".spec.tolerations", t, TOLERATION)
        containers = spec.get("containers") or []
        if not containers:
            errors.append(f"{where}: Invalid pod template: no container")
        for c in containers:
            cw = f"{where}.spec.containers[{c.get('name')}]"
            unknown(cw, c, CONTAINER)
            unknown(cw + ".resources", c.get("resources", {}), RESOURCES)
            for m in c.get("volumeMounts", []):
                unknown(cw + ".volumeMounts", m, MOUNT)
                if m.get("name") not in volumes:
                    errors.append(f"{cw}: Invalid volumeMount: no volume named {m.get('name')}")

def names(kind):
    return {d["metadata"]["name"] for _, d in documents.get(kind, [])}
namespaces = names("Namespace")
accounts = names("ServiceAccount")
for kind in ("ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim"):
    for where, d in documents.get(kind, []):
        if d["metadata"].get("namespace") not in namespaces:
            errors.append(f"{where}: Invalid namespace: {d['metadata'].get('namespace')} (defined: {sorted(namespaces)})")
for where, d in documents.get("Role", []):
    for rule in d.get("rules", []):
        bad = set(rule.get("verbs", [])) - VERBS
        if bad:
            errors.append(f"{where}: Invalid verbs: {sorted(bad)}")
for where, d in documents.get("RoleBinding", []):
    if d["roleRef"]["name"] not in names(d["roleRef"]["kind"]):
        errors.append(f"{where}: Invalid roleRef: no {d['roleRef']['kind']} {d['roleRef']['name']}")
    for s in d.get("subjects", []):
        if s["kind"] == "ServiceAccount" and s["name"] not in accounts:
            errors.append(f"{where}: Invalid subject: no ServiceAccount {s['name']}")
for where, d in documents.get("Pod", []):
    sa = d.get("spec", {}).get("serviceAccountName")
    if sa is not None and sa not in accounts:
        errors.append(f"{where}: Invalid serviceAccountName: {sa} (defined: {sorted(accounts)})")

script = open("submit-example.sh", encoding="utf-8").read()
for referenced in sorted(set(re.findall(r"\$here/([\w.-]+\.yaml)", script))):
    try:
        open(referenced).close()
    except OSError:
        errors.append(f"submit-example.sh: Cannot find {referenced}")
for setting, defined in (("TNAS_SERVICE_ACCOUNT:-", accounts), ("TNAS_NAMESPACE:-", namespaces),
                         ("claimName=", names("PersistentVolumeClaim"))):
    match = re.search(re.escape(setting) + r"([\w-]+)", script)
    if not match or match.group(1) not in defined:
        errors.append(f"submit-example.sh: Invalid default {setting.rstrip(':-=')}: "
                      f"{match.group(1) if match else 'none'} (defined in the manifests: {sorted(defined)})")

for e in errors:
    print("validate: " + e, file=sys.stderr)
if errors:
    sys.exit(1)
count = sum(len(v) for v in documents.values())
print(f"ok: {len(sys.argv) - 1} files, {count} documents ({', '.join(sorted(documents))}); names consistent")
EOF
