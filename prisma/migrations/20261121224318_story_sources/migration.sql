-- CreateTable
CREATE TABLE "story_sources" (
    "story_id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "article_count" INTEGER NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "story_sources_pkey" PRIMARY KEY ("story_id","source_id")
);

-- CreateIndex
CREATE INDEX "articles_story_id_source_id_ingested_at_idx" ON "articles"("story_id", "source_id", "ingested_at");

-- Backfill from the stored articles (what the projector recomputes per pair)
INSERT INTO "story_sources" ("story_id", "source_id", "article_count", "first_seen_at", "last_seen_at")
SELECT "story_id", "source_id", count(*)::int, min("ingested_at"), max("ingested_at")
FROM "articles" WHERE "story_id" IS NOT NULL GROUP BY 1, 2;
