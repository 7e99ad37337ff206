# The local stand-in for minio/minio (where no registry serves it): the MinIO server the local stack
# builds with `go install` (packages/local-stack/src/servers/minio.ts pins the version), plus curl for
# the compose healthcheck.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends curl ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY minio /usr/bin/minio
EXPOSE 9000 9001
VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/minio"]
CMD ["server", "/data"]
