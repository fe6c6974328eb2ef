-- The projector's article-entity insert takes each row's occurred_at from its
-- article. Joined to all of `articles`, Postgres hashes the whole table for
-- every batch; limited to the batch's ids (migration
-- 20261122073334_projector_write_trim), it reads 1,000 rows by the primary key.
-- Run: psql -h 127.0.0.1 -U postgres -f tools/bench/sql/article-links-join.sql
-- Everything is in temporary tables; the execution times are EXPLAIN ANALYZE's.
CREATE TEMP TABLE articles (id text PRIMARY KEY, occurred_at timestamptz NOT NULL, body text);
INSERT INTO articles SELECT md5(i::text), now(), repeat('x', 400) FROM generate_series(1, 1000000) AS i;
ANALYZE articles;
-- One batch: 1,000 of the articles with 20 entities each.
SELECT array_agg(md5(i::text)) AS ids FROM generate_series(500001, 501000) AS i \gset
SELECT array_agg(md5(i::text)) AS link_articles, array_agg('e' || j) AS link_entities
FROM generate_series(500001, 501000) AS i, generate_series(1, 20) AS j \gset
-- As inside the projector's function: planned with the batch's values.
SET plan_cache_mode = force_custom_plan;
PREPARE whole_table(text[], text[]) AS
  SELECT count(a.occurred_at) FROM unnest($1, $2) AS x(article_id, entity_id)
  JOIN articles a ON a.id = x.article_id;
PREPARE batch_only(text[], text[], text[]) AS
  SELECT count(a.occurred_at) FROM unnest($1, $2) AS x(article_id, entity_id)
  JOIN articles a ON a.id = x.article_id WHERE a.id = ANY($3);
\echo 'joined to every article (before)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) EXECUTE whole_table(:'link_articles', :'link_entities');
\echo 'joined to the batch''s articles (now)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) EXECUTE batch_only(:'link_articles', :'link_entities', :'ids');
