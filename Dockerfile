# One image for every process; the command picks the API, a worker or the CLI.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund
COPY apps apps
COPY libs libs
COPY test test
COPY bench bench
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssh-client python3-distributed python3-dask \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY libs libs
COPY apps/api/src/ui/static apps/api/src/ui/static
USER node
ENV NODE_ENV=production
CMD ["node", "dist/apps/api/src/main.js"]
