#!/usr/bin/env bash
# Runs a standalone Kafka Connect worker the way Kafka's bin/connect-standalone.sh does (its default heap
# and kafka-run-class.sh's G1 flags), with the classpath setup.sh installed:
#   run.sh <install folder> <worker.properties> <connector.properties>
# KAFKA_HEAP_OPTS overrides the heap, as with Kafka's scripts. Replaces itself with the JVM.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$1"
shift
exec java ${KAFKA_HEAP_OPTS:--Xms256M -Xmx2G} \
  -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$here/log4j2.properties" \
  -cp "$dir/lib/*" org.apache.kafka.connect.cli.ConnectStandalone "$@"
