# syntax=docker/dockerfile:1
# The programme server (issue 13) in a container: `workshop serve`, as a user without privileges, its
# data in /data. compose.yaml runs it next to PostgreSQL; docs/deploy.md covers HTTPS, backups and
# upgrades. Build: docker build -t codex-workshop-server .

# ---- build: TypeScript to dist/ and the dashboard bundle (needs the dev dependencies) ----
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are copied; the build is the step below.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY facilitator ./facilitator
COPY exercises ./exercises
COPY schemas ./schemas
COPY profiles ./profiles
RUN npm run build

# ---- run: production dependencies only ----
FROM node:20-slim
ENV NODE_ENV=production \
    WORKSHOP_DATA=/data \
    NO_COLOR=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY exercises ./exercises
COPY schemas ./schemas
COPY profiles ./profiles
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
# /data holds the owner token file, and the embedded database when no PostgreSQL is given.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4747
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# Every network inside the container (the port is published by docker); the rest is given at run
# time: --programme ID, and --title/--time-zone for a programme new to the database.
ENTRYPOINT ["node", "bin/workshop.js", "serve", "--bind", "0.0.0.0", "--port", "4747"]
CMD []
