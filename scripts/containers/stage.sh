#!/usr/bin/env bash
# The containers stage of `./tributary test`: images, docker compose and the Kubernetes manifests,
# built and checked on this machine. It FAILS (never skips) when no Docker engine can be had.
#   scripts/containers/stage.sh
# 1. a Docker engine: the user's when one answers, else Debian's docker.io started by this project
#    (scripts/containers/engine.sh; it keeps running afterwards: `scripts/containers/engine.sh stop`)
# 2. Compose v2, kustomize, kubeconform (go install, cached), the Kubernetes/KEDA/Prometheus Operator
#    schemas, the dashboard linter, promtool (Debian's prometheus package)
# 3. the images: with the project's own engine (no registry on such machines) the base and
#    infrastructure images are made locally first (scripts/containers/local-images.sh);
#    TRIBUTARY_LOCAL_IMAGES=1 forces that, =0 uses the official images
# 4. `pnpm --filter @tributary/system-tests test:containers` (test/containers): image smoke tests,
#    the compose system end to end, manifests through kustomize + kubeconform, promtool rule tests,
#    the dashboard lint
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$HERE/lib.sh"
ROOT="$CONTAINERS_ROOT"
# shellcheck source=scripts/toolchain.sh
source "$ROOT/scripts/toolchain.sh"
tc_use_toolchain "$ROOT"
started=$SECONDS
step() { ct_log "$1 ($((SECONDS - started)) s)"; }

step "Docker engine"
docker_host="$("$HERE/engine.sh" start)" || ct_fail "no Docker engine could be had (see above)"
if [ -n "$docker_host" ]; then export DOCKER_HOST="$docker_host"; else unset DOCKER_HOST; fi
own_engine=0
[ "$docker_host" = "unix://$ENGINE_SOCKET" ] && own_engine=1

step "tools"
"$HERE/tools.sh"
export PATH="$TOOLS_BIN:$PATH"
# The user's Compose when it is v2.20+, else the one tools.sh built (a CLI plugin in our DOCKER_CONFIG).
ct_user_compose_will_do || export DOCKER_CONFIG="$PROJECT_DOCKER_CONFIG"
ct_log "docker compose $(docker compose version --short)"
TRIBUTARY_K8S_SCHEMAS="$("$HERE/k8s-schemas.sh")"
export TRIBUTARY_K8S_SCHEMAS
export PATH="$TRIBUTARY_CONTAINERS_DIR/python/bin:$PATH"
(cd "$ROOT/deploy/monitoring/grafana/lint" &&
  GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -o "$TOOLS_BIN/tributary-dashboard-lint" .) ||
  ct_fail "building the dashboard linter"
command -v promtool >/dev/null || ct_apt_install prometheus

step "images"
if [ "${TRIBUTARY_LOCAL_IMAGES:-$own_engine}" = 1 ]; then
  # shellcheck disable=SC1090 # prints the TRIBUTARY_*_IMAGE variables of the images it made
  eval "$("$HERE/local-images.sh")"
fi
"$HERE/build-images.sh"
docker image prune --force >/dev/null # the previous builds' untagged layers

# Test projects a killed run may have left behind (the tests name theirs tributary-e2e-*).
for project in $(docker ps --all --format '{{.Label "com.docker.compose.project"}}' | sort -u); do
  case "$project" in tributary-e2e-*) docker compose --project-name "$project" down --volumes --timeout 5 ;; esac
done

step "tests (test/containers)"
export TESTCONTAINERS_RYUK_DISABLED=true
pnpm --filter @tributary/system-tests test:containers

ct_log "containers stage passed in $((SECONDS - started)) s"
