# Sourced by the scripts in scripts/containers: paths, pinned tool versions and logging.
# Everything this stage installs lives under $TRIBUTARY_CONTAINERS_DIR (default
# ~/.cache/tributary/containers); nothing is installed globally except Debian packages via apt.

CONTAINERS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRIBUTARY_CACHE_DIR="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}"
TRIBUTARY_CONTAINERS_DIR="${TRIBUTARY_CONTAINERS_DIR:-$TRIBUTARY_CACHE_DIR/containers}"
export TRIBUTARY_CACHE_DIR TRIBUTARY_CONTAINERS_DIR

# Pinned tools (docs/deploy.md says why these versions: the newer ones need a newer Go or carry
# `exclude` directives that `go install` refuses).
COMPOSE_MODULE=github.com/docker/compose/v2
COMPOSE_VERSION=v2.35.0
KUSTOMIZE_MODULE=sigs.k8s.io/kustomize/kustomize/v5
KUSTOMIZE_VERSION=v5.8.2
KUBECONFORM_MODULE=github.com/yannh/kubeconform
KUBECONFORM_VERSION=v0.8.0
KEDA_MODULE=github.com/kedacore/keda/v2
KEDA_VERSION=v2.21.0
PROMETHEUS_OPERATOR_MODULE=github.com/prometheus-operator/prometheus-operator
PROMETHEUS_OPERATOR_VERSION=v0.85.0
KUBERNETES_VALIDATE_VERSION=1.34.1
KUBERNETES_SCHEMA_VERSION=1.34.0

# The project's own engine (when no engine answers): data, sockets and logs in one folder.
ENGINE_DIR="$TRIBUTARY_CONTAINERS_DIR/docker"
ENGINE_SOCKET="$ENGINE_DIR/run/docker.sock"
TOOLS_BIN="$TRIBUTARY_CONTAINERS_DIR/bin"
PROJECT_DOCKER_CONFIG="$TRIBUTARY_CONTAINERS_DIR/docker-config"

ct_log() { printf '\033[1m[containers]\033[0m %s\n' "$*" >&2; }
ct_fail() {
  ct_log "FAILED: $*"
  exit 1
}

# Runs apt-get as root, or through passwordless sudo; fails (does not skip) when neither works.
ct_apt_install() {
  local -a apt
  if [ "$(id -u)" = 0 ]; then
    apt=(apt-get)
  elif sudo -n true 2>/dev/null; then
    apt=(sudo -n apt-get)
  else
    ct_fail "installing $* needs root or passwordless sudo"
  fi
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}

# `go install` of a pinned module into $TOOLS_BIN, once. $1 package path, $2 version, $3 binary name
# wanted, $4.. extra go build flags.
ct_go_install() {
  local package="$1" version="$2" name="$3"
  shift 3
  local marker="$TOOLS_BIN/.$name-$version"
  [ -x "$TOOLS_BIN/$name" ] && [ -f "$marker" ] && return 0
  command -v go >/dev/null || ct_fail "Go is needed to build $name ($package@$version)"
  ct_log "building $name $version with go install (once; cached in $TOOLS_BIN)"
  local temp="$TOOLS_BIN/.tmp-$name"
  rm -rf "$temp" && mkdir -p "$temp"
  GOTOOLCHAIN=local GOBIN="$temp" CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
    go install -trimpath "$@" "$package@$version" >"$temp.log" 2>&1 || {
    tail -n 30 "$temp.log" >&2
    ct_fail "go install $package@$version (log: $temp.log)"
  }
  local built
  built="$(find "$temp" -maxdepth 1 -type f -perm -u+x | head -n 1)"
  [ -n "$built" ] || ct_fail "go install $package@$version produced no binary"
  mv "$built" "$TOOLS_BIN/$name"
  rm -rf "$temp" "$temp.log"
  rm -f "$TOOLS_BIN/.$name-"*
  touch "$marker"
}

# True when $1 (a version, "v" optional) is at least $2.
ct_version_at_least() {
  local have="${1#v}"
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$2" "$have" | sort -V | head -n 1)" = "$2" ]
}

# The user's own `docker compose` will do when it is v2.20+ (depends_on `required:` needs it).
ct_user_compose_will_do() {
  ct_version_at_least "$(docker compose version --short 2>/dev/null)" 2.20.0
}
