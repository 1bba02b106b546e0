# syntax=docker/dockerfile:1
#
# Multi-stage image of the whole portal (frontend served by the backend).
# Build it from the repository root, with BuildKit:
#
#   yarn build-image
#   (docker image build . -f Dockerfile --tag developer-portal)
#
# Everything is built inside Docker; no host build is needed. The image runs
# the production configuration (app-config.yaml + app-config.production.yaml),
# so it needs PostgreSQL (POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER,
# POSTGRES_PASSWORD) and the secrets that app-config.production.yaml reads.

################################################################################
# Stage 1 - skeleton for a cacheable `yarn install`: only the package.json files
################################################################################
FROM node:22-bookworm-slim AS packages

WORKDIR /app
COPY backstage.json package.json yarn.lock .yarnrc.yml ./
COPY .yarn ./.yarn

COPY packages packages
COPY plugins plugins

# Keep only each workspace's package.json, so that source changes do not
# invalidate the dependency install layer of the next stage.
RUN find packages -mindepth 2 -maxdepth 2 \! -name "package.json" -exec rm -rf {} \+ && \
    find plugins -mindepth 2 -maxdepth 2 \! -name "package.json" -exec rm -rf {} \+

################################################################################
# Stage 2 - install all dependencies and build the backend bundle (with the app)
################################################################################
FROM node:22-bookworm-slim AS build

# Python interpreter for node-gyp.
ENV PYTHON=/usr/bin/python3

# Toolchain for native addons (better-sqlite3, and isolated-vm where a plugin
# pulls it in) when no prebuilt binary can be downloaded, and the SQLite
# headers for better-sqlite3.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ build-essential libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*

USER node
WORKDIR /app

COPY --from=packages --chown=node:node /app .

# The `yarn` of the base image defers to the release in .yarn/releases
# (yarnPath in .yarnrc.yml). Yarn 4 keeps its download cache in its global
# folder, ~/.yarn/berry, which is a cache mount here.
ENV YARN_ENABLE_TELEMETRY=0
RUN --mount=type=cache,target=/home/node/.yarn/berry,sharing=locked,uid=1000,gid=1000 \
    yarn install --immutable

COPY --chown=node:node . .

RUN yarn tsc
# Builds the backend and, as a bundled dependency, the app; writes
# packages/backend/dist/skeleton.tar.gz and packages/backend/dist/bundle.tar.gz.
RUN yarn --cwd packages/backend build

RUN mkdir packages/backend/dist/skeleton packages/backend/dist/bundle && \
    tar xzf packages/backend/dist/skeleton.tar.gz -C packages/backend/dist/skeleton && \
    tar xzf packages/backend/dist/bundle.tar.gz -C packages/backend/dist/bundle

################################################################################
# Stage 3 - runtime image with production dependencies only
################################################################################
FROM node:22-bookworm-slim

# NODE_ENV switches many dependencies to production mode; --no-node-snapshot
# is required by the scaffolder on Node 20 and later.
ENV NODE_ENV=production \
    NODE_OPTIONS="--no-node-snapshot" \
    YARN_ENABLE_TELEMETRY=0

# The least-privileged `node` user runs the backend. With BuildKit, WORKDIR
# creates /app owned by `node`.
USER node
WORKDIR /app

# Yarn release and settings, the lockfile, the root package.json and the
# skeleton (package.json of each workspace the backend needs).
COPY --chown=node:node .yarn ./.yarn
COPY --chown=node:node .yarnrc.yml backstage.json ./
COPY --from=build --chown=node:node /app/yarn.lock /app/package.json /app/packages/backend/dist/skeleton/ ./

# Production dependencies only, installed as `node`. The toolchain is there in
# case a native addon has no prebuilt binary; it is installed and purged within
# this one layer, so it does not end up in the image.
USER root
RUN --mount=type=cache,target=/home/node/.yarn/berry,sharing=locked,uid=1000,gid=1000 \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ build-essential libsqlite3-dev && \
    su node -s /bin/sh -c 'yarn workspaces focus --all --production' && \
    apt-get purge -y --auto-remove python3 g++ build-essential libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/* /home/node/.cache/node-gyp
USER node

# The built backend and app.
COPY --from=build --chown=node:node /app/packages/backend/dist/bundle/ ./

# Runtime files. The production catalog reads these as file locations
# relative to /app.
COPY --chown=node:node app-config*.yaml catalog-info.yaml ./
COPY --chown=node:node examples ./examples
COPY --chown=node:node templates ./templates

EXPOSE 7007

# No curl in the slim image: use Node's global fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:7007/.backstage/health/v1/readiness').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
