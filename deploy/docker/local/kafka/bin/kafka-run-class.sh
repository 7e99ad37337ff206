#!/usr/bin/env bash
# Runs a Kafka command-line class with the image's classpath (what Kafka's own bin/ scripts do).
exec java ${KAFKA_TOOLS_HEAP_OPTS:--Xmx128m} -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*' "$@"
