#!/usr/bin/env bash
# Installs the container tools this stage needs into $TRIBUTARY_CONTAINERS_DIR/bin, once, from the Go
# module proxy: Docker Compose v2 (as a CLI plugin under $PROJECT_DOCKER_CONFIG/cli-plugins, unless
# the user's own `docker compose` is v2.20 or newer), kustomize and kubeconform.
#   scripts/containers/tools.sh            install what is missing
# Prints nothing on stdout; `scripts/containers/env.sh` prints the variables that use them.
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$TOOLS_BIN" "$PROJECT_DOCKER_CONFIG/cli-plugins"

# Compose: v2.35.0 is the newest release `go install` accepts with this Go (docs/deploy.md).
if ! ct_user_compose_will_do; then
  ct_go_install "$COMPOSE_MODULE/cmd" "$COMPOSE_VERSION" docker-compose \
    -ldflags "-X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION"
  ln -sf "$TOOLS_BIN/docker-compose" "$PROJECT_DOCKER_CONFIG/cli-plugins/docker-compose"
fi

ct_go_install "$KUSTOMIZE_MODULE" "$KUSTOMIZE_VERSION" kustomize
ct_go_install "$KUBECONFORM_MODULE/cmd/kubeconform" "$KUBECONFORM_VERSION" kubeconform
