# Sourced by ./tributary: puts the project's pinned Node.js and pnpm on PATH, installing them from
# the npm registry into a per-user cache on first use (the machine's own Node is left untouched).
# Needs only an `npm` of any version to bootstrap.

TRIBUTARY_CACHE_DIR="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}"
export TRIBUTARY_CACHE_DIR
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

# Bold only for a person at a terminal (never in redirected output), and never with NO_COLOR set.
tc_log() {
  if [ -t 2 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-}" != dumb ]; then
    printf '\033[1m[tributary]\033[0m %s\n' "$*" >&2
  else
    printf '[tributary] %s\n' "$*" >&2
  fi
}

tc_node_arch() {
  case "$(uname -m)" in
    x86_64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) tc_log "unsupported CPU architecture $(uname -m)"; return 1 ;;
  esac
}

# Installs `$2@$3` from the npm registry into `$1` unless it is already complete there.
tc_npm_install_once() {
  local dir="$1" package="$2" version="$3"
  [ -f "$dir/.complete" ] && return 0
  command -v npm >/dev/null || { tc_log "npm is needed once to install Node.js $version"; return 1; }
  tc_log "installing $package@$version into $dir"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  npm install --silent --no-audit --no-fund --no-save --prefix "$dir.tmp" "$package@$version" >&2
  touch "$dir.tmp/.complete"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

tc_use_toolchain() {
  local root="$1" node_version pnpm_version arch bin
  node_version="$(tr -d ' \n' <"$root/.nvmrc")"
  pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")"
  arch="$(tc_node_arch)"
  tc_npm_install_once "$TRIBUTARY_CACHE_DIR/node-$node_version-$arch" "node-linux-$arch" "$node_version"
  tc_npm_install_once "$TRIBUTARY_CACHE_DIR/pnpm-$pnpm_version" pnpm "$pnpm_version"
  bin="$TRIBUTARY_CACHE_DIR/bin-$node_version-$pnpm_version"
  mkdir -p "$bin"
  ln -sf "$TRIBUTARY_CACHE_DIR/node-$node_version-$arch/node_modules/node-linux-$arch/bin/node" "$bin/node"
  printf '#!/bin/sh\nexec "%s/node" "%s" "$@"\n' "$bin" \
    "$TRIBUTARY_CACHE_DIR/pnpm-$pnpm_version/node_modules/pnpm/bin/pnpm.cjs" >"$bin/pnpm"
  chmod +x "$bin/pnpm"
  export PATH="$bin:$PATH"
  [ "$(node --version)" = "v$node_version" ] || { tc_log "node on PATH is not v$node_version"; return 1; }
}
