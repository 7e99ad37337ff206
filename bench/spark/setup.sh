#!/usr/bin/env bash
# Installs the Spark baseline once into $TRIBUTARY_CACHE_DIR/spark-baseline: PySpark from PyPI in a venv,
# the Kafka source and s3a jars from Maven Central. Prints the folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${TRIBUTARY_CACHE_DIR:-$HOME/.cache/tributary}/spark-baseline"
if [ ! -f "$dir/.complete" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DexcludeTransitive=true -DoutputDirectory="$dir/jars" >&2
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install -q -r "$here/requirements.txt" >&2
  touch "$dir/.complete"
fi
echo "$dir"
