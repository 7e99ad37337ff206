# The local stand-in for ghcr.io/etspaceman/kinesis-mock (where no registry serves it): the same
# kinesis-mock release compiled to JavaScript (npm kinesis-local, the local stack's), on the local
# Node base, with curl for the compose healthcheck. Ports as the official image: 4567 TLS, 4568 plain.
ARG NODE_IMAGE
FROM ${NODE_IMAGE}
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY kinesis-local /opt/kinesis-mock
# kinesis-mock reads its TLS certificate (server.json) relative to the working directory.
WORKDIR /opt/kinesis-mock
USER 1000:1000
EXPOSE 4567 4568
CMD ["node", "/opt/kinesis-mock/main.js"]
