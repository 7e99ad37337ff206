#!/usr/bin/env bash
# Installs the Kafka Connect baseline once into $TRIBUTARY_CACHE_DIR/kafka-connect-baseline/<hash of this
# folder's build inputs>: builds the S3 sink connector jar and copies the worker's runtime classpath from
# Maven Central into lib/. Prints the folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hash="$(cd "$here" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
dir="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}/kafka-connect-baseline/$hash"
if [ ! -f "$dir/.complete" ]; then
  # A new build replaces the ones of earlier versions of this folder.
  rm -rf "$(dirname "$dir")" && mkdir -p "$dir/build"
  cp -r "$here/pom.xml" "$here/src" "$dir/build/"
  mvn -q -B -f "$dir/build/pom.xml" package dependency:copy-dependencies >&2
  mv "$dir/build/target/lib" "$dir/lib"
  mv "$dir/build/target/kafka-connect-baseline-1.jar" "$dir/lib/"
  rm -rf "$dir/build"
  touch "$dir/.complete"
fi
echo "$dir"
