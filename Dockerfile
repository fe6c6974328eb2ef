# One image for every newsgraph service; compose picks the entry point per service.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/ingester/package.json apps/ingester/
COPY apps/deduplicator/package.json apps/deduplicator/
COPY apps/entity-linker/package.json apps/entity-linker/
COPY apps/projector/package.json apps/projector/
COPY apps/api/package.json apps/api/
COPY libs libs
COPY tools tools
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run prisma:generate && npm run build && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "apps/api/dist/main.js"]
