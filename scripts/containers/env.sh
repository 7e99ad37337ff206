#!/usr/bin/env bash
# Prints the variables that point a shell at what the containers stage set up:
#   eval "$(scripts/containers/env.sh)"
# then `docker compose ...`, `kustomize build ...`, `scripts/containers/engine.sh stop` work as in
# docs/deploy.md. Prints only what exists (run scripts/containers/stage.sh once first).
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -S "$ENGINE_SOCKET" ] && echo "export DOCKER_HOST=unix://$ENGINE_SOCKET"
[ -e "$PROJECT_DOCKER_CONFIG/cli-plugins/docker-compose" ] && ! ct_user_compose_will_do &&
  echo "export DOCKER_CONFIG=$PROJECT_DOCKER_CONFIG"
[ -d "$TOOLS_BIN" ] && echo "export PATH=$TOOLS_BIN:\$PATH"
for schemas in "$TRIBUTARY_CONTAINERS_DIR"/k8s-schemas-*/; do
  [ -f "$schemas/.complete" ] && echo "export TRIBUTARY_K8S_SCHEMAS=${schemas%/}"
done
if [ -f "$TRIBUTARY_CONTAINERS_DIR/local-images.env" ]; then
  cat "$TRIBUTARY_CONTAINERS_DIR/local-images.env"
fi
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
