#!/usr/bin/env bash
# JSON schemas for validating deploy/k8s offline with kubeconform, made once into
# $TRIBUTARY_CONTAINERS_DIR/k8s-schemas-<versions>/ (printed on stdout):
#   kubernetes/   Kubernetes' own kinds, from the PyPI wheel kubernetes-validate (its strict schemas),
#                 with `$id` removed and references made relative (kubeconform cannot resolve theirs)
#   crds/         KEDA's and the Prometheus Operator's CRDs, from their Go modules, converted with
#                 kubeconform's openapi2jsonschema.py as {kind}-{group}-{version}.json
# Also a Python venv with PyYAML, which the converter and scripts/containers/*.py need:
# $TRIBUTARY_CONTAINERS_DIR/python (`scripts/containers/env.sh` puts it first on PATH).
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$TRIBUTARY_CONTAINERS_DIR/python"
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || ct_fail "python3 -m venv (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check PyYAML==6.0.2 >&2 || ct_fail "pip install PyYAML"
  touch "$venv/.complete"
fi
python="$venv/bin/python"

dir="$TRIBUTARY_CONTAINERS_DIR/k8s-schemas-k$KUBERNETES_SCHEMA_VERSION-keda${KEDA_VERSION#v}-po${PROMETHEUS_OPERATOR_VERSION#v}"
if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
started=$SECONDS
temp="$dir.tmp"
rm -rf "$temp" && mkdir -p "$temp/kubernetes" "$temp/crds" "$temp/download"

"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
  -d "$temp/download" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2 ||
  ct_fail "pip download kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
"$python" - "$temp/download"/kubernetes_validate-*.whl "v$KUBERNETES_SCHEMA_VERSION-local-strict" \
  "$temp/kubernetes" <<'EOF'
import json, sys, zipfile
wheel, version, out = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}/"
count = 0
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not name.startswith(prefix) or not name.endswith(".json"):
            continue
        text = archive.read(name).decode().replace('"/api/_definitions.json#', '"_definitions.json#')
        schema = json.loads(text)
        schema.pop("$id", None)
        with open(f"{out}/{name[len(prefix):]}", "w") as file:
            json.dump(schema, file)
        count += 1
if count < 100:
    sys.exit(f"only {count} schemas under {prefix} in {wheel}")
EOF

module_dir() {
  GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "$1@$2" |
    "$python" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'
}
command -v go >/dev/null || ct_fail "Go is needed to fetch the KEDA and Prometheus Operator CRDs"
keda="$(module_dir "$KEDA_MODULE" "$KEDA_VERSION")" || ct_fail "go mod download $KEDA_MODULE@$KEDA_VERSION"
operator="$(module_dir "$PROMETHEUS_OPERATOR_MODULE" "$PROMETHEUS_OPERATOR_VERSION")" ||
  ct_fail "go mod download $PROMETHEUS_OPERATOR_MODULE@$PROMETHEUS_OPERATOR_VERSION"
kubeconform="$(module_dir "$KUBECONFORM_MODULE" "$KUBECONFORM_VERSION")" ||
  ct_fail "go mod download $KUBECONFORM_MODULE@$KUBECONFORM_VERSION"

(
  cd "$temp/crds"
  FILENAME_FORMAT='{kind}-{group}-{version}' "$python" \
    "$kubeconform/scripts/openapi2jsonschema.py" \
    "$keda/config/crd/bases/keda.sh_scaledobjects.yaml" \
    "$keda/config/crd/bases/keda.sh_triggerauthentications.yaml" \
    "$operator/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
    "$operator/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml" \
    "$operator/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" >/dev/null
) || ct_fail "converting the CRDs with openapi2jsonschema.py"
for schema in scaledobject-keda-v1alpha1 servicemonitor-monitoring-v1 prometheusrule-monitoring-v1; do
  [ -f "$temp/crds/$schema.json" ] || ct_fail "no $schema.json after converting the CRDs"
done

rm -rf "$temp/download"
touch "$temp/.complete"
rm -rf "$dir" && mv "$temp" "$dir"
ct_log "Kubernetes $KUBERNETES_SCHEMA_VERSION, KEDA $KEDA_VERSION and Prometheus Operator $PROMETHEUS_OPERATOR_VERSION schemas ready in $((SECONDS - started)) s ($dir)"
echo "$dir"
