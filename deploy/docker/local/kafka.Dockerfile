# The local stand-in for apache/kafka (where no registry serves it): the same Kafka jars the local
# stack uses (Maven Central, deploy/local/kafka/pom.xml) plus kafka-tools, on Debian's OpenJDK 17.
# Configured like the official image: KAFKA_* variables become server properties, CLUSTER_ID formats
# the log directory on first start, /opt/kafka/bin holds the tools its healthcheck calls.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --create-home --shell /bin/bash appuser \
 && mkdir -p /var/lib/kafka/data /opt/kafka/config \
 && chown -R appuser:root /var/lib/kafka /opt/kafka/config
COPY libs /opt/kafka/libs
COPY log4j2.properties /opt/kafka/config/log4j2.properties
COPY run /etc/kafka/docker/run
COPY bin /opt/kafka/bin
USER appuser
EXPOSE 9092
VOLUME ["/var/lib/kafka/data"]
CMD ["/etc/kafka/docker/run"]
