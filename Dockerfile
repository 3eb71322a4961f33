# syntax=docker/dockerfile:1
#
# The API image (docker-compose.yml builds it for the postgres and eventstoredb profiles).
#
#   docker build -t kyoyaku-ledger .
#   docker run --rm -p 127.0.0.1:3000:3000 -v kyoyaku-data:/data kyoyaku-ledger
#
# Three stages: the build (every dependency, TypeScript and Vite), the production dependencies
# alone, and the image that runs: Node, those dependencies and the built code, as the unprivileged
# `node` user, with the data folder on a volume. better-sqlite3 13 loads a prebuilt binary from
# its package; the install stages still carry python3, make and g++ for a platform it has none for.

FROM node:24-bookworm-slim AS toolchain
# @scarf/scarf (a dependency of swagger-ui-dist) reports installs to a third party unless told not to
# (package.json's scarfSettings says the same).
ENV SCARF_ANALYTICS=false
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM toolchain AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --chown=root:root package.json package-lock.json ./
COPY --from=production-dependencies --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The code stays root's and read-only to the service; only the data folder is the service's.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Healthy when /health/ready answers 200: the store is reachable, the integrity check has not failed
# and the projector is not too far behind (open without a token, whatever LEDGER_READ_ACCESS says).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# The node flags of `npm start` (package.json): a young generation of at most 16 MB per semi-space.
CMD ["node", "--max-semi-space-size=16", "dist/apps/api/src/main.js"]
