# One image per entry of deploy/docker/images.json, built from the repository root:
#   docker build -f deploy/docker/app.Dockerfile --build-arg APP=bronze-sink -t tributary/bronze-sink:dev .
# BASE_IMAGE: a Debian image with Node.js 24 and npm, the official one by default. Where no registry
# answers, scripts/containers/local-images.sh makes an equivalent and the stage passes it in.
# Written for the classic builder too (no BuildKit-only syntax): it builds from local images alone.
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- workspace: the locked dependencies and the sources, shared by every app's build ----
FROM ${BASE_IMAGE} AS workspace
ENV CI=true
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches patches
# pnpm at the version package.json's packageManager names.
RUN npm install --global --no-audit --no-fund --loglevel=error \
      "$(node -p 'require("./package.json").packageManager')" \
 && pnpm config set store-dir /pnpm-store
# Only the lockfile decides what is fetched, so this layer is reused until the lockfile changes.
RUN pnpm fetch --frozen-lockfile --reporter=append-only
COPY . .
RUN pnpm install --frozen-lockfile --offline --reporter=append-only

# ---- build: one app compiled, with its production dependencies only ----
FROM workspace AS build
ARG APP
# The bronze sink's native addon comes built from the host (see .dockerignore): no cargo here.
ENV SINK_NATIVE_PREBUILT=1
RUN test -n "$APP" || { echo 'give --build-arg APP=<a name in deploy/docker/images.json>' >&2; exit 1; }
# `--filter-prod`: the app and the workspace packages it depends on at run time, not those its tests
# use (job-postings' tests run the sink and the replay: their builds have no place in its image).
# `pnpm deploy --legacy`: pnpm 10's default deploy needs inject-workspace-packages, which this
# workspace does not set; legacy deploy copies the workspace packages (their "files") and resolves
# preferring the lockfile's versions, which prepare-app.mjs then checks.
RUN package="$(node deploy/docker/prepare-app.mjs package "$APP")" \
 && pnpm --filter-prod "$package..." run build \
 && pnpm --filter "$package" deploy --prod --legacy --reporter=append-only /out/deploy \
 && node deploy/docker/prepare-app.mjs assemble "$APP" /out/deploy /out/app \
 && cp deploy/docker/healthcheck.mjs /out/app/

# ---- runtime ----
FROM ${BASE_IMAGE}
ARG BASE_IMAGE
# tini as PID 1: forwards SIGTERM to node (graceful drain) and reaps zombies, with or without
# `docker run --init`. A non-root user with a fixed numeric id (Kubernetes' runAsNonRoot checks it).
RUN { command -v tini >/dev/null || { apt-get update -qq \
      && apt-get install -y -qq --no-install-recommends tini >/dev/null \
      && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; }; } \
 && groupadd --system --gid 10001 tributary \
 && useradd --system --uid 10001 --gid tributary --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin tributary
WORKDIR /app
COPY --from=build /out/app /app
# Writes go to /tmp only (HOME too), so the image runs with a read-only root filesystem.
ENV NODE_ENV=production HOME=/tmp
USER 10001:10001
EXPOSE 9464
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["tini", "--", "/app/start"]

ARG APP
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="tributary-${APP}" \
      org.opencontainers.image.description="Tributary ${APP}: streaming ingestion into an S3 bronze layer" \
      org.opencontainers.image.source="https://github.com/tributary-data/tributary" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${BASE_IMAGE}" \
      dev.tributary.app="${APP}"
