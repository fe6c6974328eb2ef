-- DropForeignKey
ALTER TABLE "mentions" DROP CONSTRAINT "mentions_article_id_fkey";

-- DropForeignKey
ALTER TABLE "mentions" DROP CONSTRAINT "mentions_entity_id_fkey";

-- DropForeignKey
ALTER TABLE "article_entities" DROP CONSTRAINT "article_entities_article_id_fkey";

-- DropForeignKey
ALTER TABLE "article_entities" DROP CONSTRAINT "article_entities_entity_id_fkey";

-- DropForeignKey
ALTER TABLE "entity_aliases" DROP CONSTRAINT "entity_aliases_entity_id_fkey";

-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "mentions" JSONB NOT NULL DEFAULT '[]';

-- Mentions move into their article (backfilled, in text order, before the table goes).
UPDATE "articles" a SET "mentions" = m."list"
FROM (SELECT "article_id", jsonb_agg(jsonb_build_object('start', "start", 'end', "end", 'entityId', "entity_id",
                                                         'surface', "surface", 'confidence', "confidence")
                                      ORDER BY "start", "end") AS "list"
      FROM "mentions" GROUP BY "article_id") m
WHERE m."article_id" = a."id";

-- DropTable
DROP TABLE "mentions";

-- The search vector is written by the projector from now on (libs/fulltext): rows
-- projected before keep the vector Postgres computed, whose English stems agree.
ALTER TABLE "articles" ALTER COLUMN "search" DROP EXPRESSION;
