#!/usr/bin/env bash
# cargo for this crate, with its build cached outside the work tree (~/.cache/tributary by default)
# so a fresh clone, CI and `./tributary setup` reuse one compiled dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."
# rustup installs cargo in ~/.cargo/bin, which a non-login shell may not have on its PATH.
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  source "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null; then
  echo "sink-native: cargo is missing; install Rust (rustup, stable) to build the sink's native decoder" >&2
  exit 1
fi
export CARGO_TARGET_DIR="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}/cargo-target/sink-native"
exec cargo "$@"
