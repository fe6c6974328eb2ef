-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "story_revision" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "stories" ADD COLUMN     "title_revision" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "dedup_url_claims" (
    "url" TEXT NOT NULL,
    "article_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dedup_url_claims_pkey" PRIMARY KEY ("url")
);

-- CreateTable
CREATE TABLE "dedup_snapshots" (
    "topic" TEXT NOT NULL,
    "last_offset" BIGINT NOT NULL,
    "state" BYTEA NOT NULL,
    "taken_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dedup_snapshots_pkey" PRIMARY KEY ("topic")
);

-- CreateTable
CREATE TABLE "story_moves" (
    "article_id" TEXT NOT NULL,
    "story_id" TEXT NOT NULL,
    "revision" BIGINT NOT NULL,

    CONSTRAINT "story_moves_pkey" PRIMARY KEY ("article_id")
);

-- CreateIndex
CREATE INDEX "story_moves_story_id_idx" ON "story_moves"("story_id");
