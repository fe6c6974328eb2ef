-- DropIndex
DROP INDEX "articles_ingested_at_id_idx";

-- DropIndex
DROP INDEX "articles_source_id_idx";

-- DropIndex
DROP INDEX "articles_story_id_idx";

-- DropIndex
DROP INDEX "article_entities_entity_id_idx";

-- Text-search configuration for an article's language code (ISO 639-1 or a
-- BCP 47 tag), "simple" (no stemming) for languages Postgres has no stemmer for.
-- IMMUTABLE so it can feed a generated column. NB: the offline migrator (pg driver
-- adapter) splits scripts at every semicolon, so none may appear inside a statement
-- or a comment here.
CREATE FUNCTION newsgraph_ts_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS '
  SELECT CASE lower(split_part(coalesce(lang, ''''), ''-'', 1))
    WHEN ''ar'' THEN ''arabic'' WHEN ''da'' THEN ''danish'' WHEN ''de'' THEN ''german''
    WHEN ''el'' THEN ''greek'' WHEN ''en'' THEN ''english'' WHEN ''es'' THEN ''spanish''
    WHEN ''fi'' THEN ''finnish'' WHEN ''fr'' THEN ''french'' WHEN ''hu'' THEN ''hungarian''
    WHEN ''id'' THEN ''indonesian'' WHEN ''it'' THEN ''italian'' WHEN ''nl'' THEN ''dutch''
    WHEN ''no'' THEN ''norwegian'' WHEN ''nb'' THEN ''norwegian'' WHEN ''pt'' THEN ''portuguese''
    WHEN ''ro'' THEN ''romanian'' WHEN ''ru'' THEN ''russian'' WHEN ''sv'' THEN ''swedish''
    WHEN ''tr'' THEN ''turkish'' WHEN '''' THEN ''english''
    ELSE ''simple'' END::regconfig
';

-- AlterTable (backfilled before NOT NULL, so existing rows migrate)
ALTER TABLE "articles" ADD COLUMN "occurred_at" TIMESTAMPTZ(3);
UPDATE "articles" SET "occurred_at" = coalesce("published_at", "ingested_at");
ALTER TABLE "articles" ALTER COLUMN "occurred_at" SET NOT NULL;
ALTER TABLE "articles" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(newsgraph_ts_config("language"), coalesce("title", '')), 'A') ||
  setweight(to_tsvector(newsgraph_ts_config("language"), coalesce("body", '')), 'B')
) STORED;

-- AlterTable
ALTER TABLE "article_entities" ADD COLUMN "occurred_at" TIMESTAMPTZ(3);
UPDATE "article_entities" ae SET "occurred_at" = a."occurred_at" FROM "articles" a WHERE a."id" = ae."article_id";
ALTER TABLE "article_entities" ALTER COLUMN "occurred_at" SET NOT NULL;

-- CreateTable
CREATE TABLE "entity_aliases" (
    "entity_id" TEXT NOT NULL,
    "alias" TEXT NOT NULL,

    CONSTRAINT "entity_aliases_pkey" PRIMARY KEY ("entity_id","alias")
);

-- CreateIndex
CREATE INDEX "articles_occurred_at_id_idx" ON "articles"("occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "articles_source_id_occurred_at_idx" ON "articles"("source_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "articles_story_id_occurred_at_idx" ON "articles"("story_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "articles_duplicate_of_id_idx" ON "articles"("duplicate_of_id");

-- CreateIndex
CREATE INDEX "article_entities_entity_id_occurred_at_idx" ON "article_entities"("entity_id", "occurred_at" DESC);

-- AddForeignKey
ALTER TABLE "entity_aliases" ADD CONSTRAINT "entity_aliases_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search on articles, trigram search on entity names and aliases.
CREATE INDEX "articles_search_idx" ON "articles" USING gin ("search");
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "entities_name_trgm_idx" ON "entities" USING gin ("name" gin_trgm_ops);
CREATE INDEX "entity_aliases_alias_trgm_idx" ON "entity_aliases" USING gin ("alias" gin_trgm_ops);
