#!/usr/bin/env bash
# Builds every image listed in deploy/docker/images.json from deploy/docker/app.Dockerfile.
#   scripts/containers/build-images.sh [name...]     all images, or only the names given
# Environment: TRIBUTARY_NODE_IMAGE (the base, default the official node:24-bookworm-slim),
# TRIBUTARY_IMAGE_REPOSITORY (default tributary), TRIBUTARY_IMAGE_TAG (default dev),
# TRIBUTARY_BUILD_CONTEXT (default this checkout; e.g. a clean `git worktree` of another commit).
# Tags <repository>/<name>:<tag>, the names docker-compose.yml and deploy/k8s use. Prints each
# image's size. Uses the classic builder, which builds from local images without a registry.
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$CONTAINERS_ROOT"
context="${TRIBUTARY_BUILD_CONTEXT:-$ROOT}"
repository="${TRIBUTARY_IMAGE_REPOSITORY:-tributary}"
tag="${TRIBUTARY_IMAGE_TAG:-dev}"
base="${TRIBUTARY_NODE_IMAGE:-node:24-bookworm-slim}"
logs="$TRIBUTARY_CONTAINERS_DIR/build-logs"
mkdir -p "$logs"

if [ "$#" -gt 0 ]; then
  names=("$@")
else
  mapfile -t names < <(node -e '
    const { images } = require(process.argv[1]);
    for (const image of images) console.log(image.name);' "$context/deploy/docker/images.json")
fi
[ "${#names[@]}" -gt 0 ] || ct_fail "deploy/docker/images.json lists no image"

# The sink's native addon is built here, on the host (Rust), and copied into its image (.dockerignore).
if printf '%s\n' "${names[@]}" | grep -qx bronze-sink; then
  ct_log "building the sink's native addon on the host (cargo)"
  "$context/packages/sink-native/scripts/build-native.sh" >&2
fi

revision="$(git -C "$context" rev-parse HEAD 2>/dev/null || echo unknown)"
version="$(node -p "require('$context/package.json').version ?? '0.0.0'")-${revision:0:12}"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
for name in "${names[@]}"; do
  started=$SECONDS
  log="$logs/$name.log"
  ct_log "building $repository/$name:$tag (base $base)"
  DOCKER_BUILDKIT=0 docker build --force-rm -f "$context/deploy/docker/app.Dockerfile" \
    --build-arg "APP=$name" --build-arg "BASE_IMAGE=$base" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "CREATED=$created" \
    -t "$repository/$name:$tag" "$context" >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    ct_fail "building $name (log: $log)"
  }
  size="$(docker image inspect --format '{{.Size}}' "$repository/$name:$tag")"
  ct_log "built $repository/$name:$tag in $((SECONDS - started)) s: $((size / 1000000)) MB"
done
