-- DropIndex
DROP INDEX "article_entities_entity_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "article_entities_entity_id_occurred_at_article_id_idx" ON "article_entities"("entity_id", "occurred_at" DESC, "article_id" DESC);
