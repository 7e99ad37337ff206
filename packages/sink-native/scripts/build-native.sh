#!/usr/bin/env bash
# Builds the napi addon (release) and puts it where src/index.ts loads it: dist/sink-native.node.
# SINK_NATIVE_PREBUILT=1 uses a dist/sink-native.node that is already there instead of cargo (a
# container build that copies the addon the host built, where no Rust toolchain exists).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
addon="$here/dist/sink-native.node"
if [ "${SINK_NATIVE_PREBUILT:-}" = "1" ]; then
  if [ ! -f "$addon" ]; then
    echo "sink-native: SINK_NATIVE_PREBUILT=1 but $addon is missing (build it on the host first)" >&2
    exit 1
  fi
  echo "sink-native: using the prebuilt $addon"
  exit 0
fi
"$here/scripts/cargo.sh" build --release --locked
target="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}/cargo-target/sink-native/release"
mkdir -p "$here/dist"
for library in libsink_native.so libsink_native.dylib; do
  if [ -f "$target/$library" ]; then
    # A copy, not a link: the cache may be rebuilt under a running sink.
    cp "$target/$library" "$addon.tmp"
    mv "$addon.tmp" "$addon"
    exit 0
  fi
done
echo "sink-native: cargo built no library in $target" >&2
exit 1
