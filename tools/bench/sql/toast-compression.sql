-- pglz against lz4 for article-sized text, as Postgres compresses a row's large
-- values before storing them (the projector's article bodies and search vectors).
-- Run: psql -h 127.0.0.1 -U postgres -f tools/bench/sql/toast-compression.sql
-- Everything is in temporary tables; the timings are psql's.
SELECT setseed(0.42);
CREATE TEMP TABLE vocabulary AS
SELECT string_to_array('the minister said on monday that talks would resume after ceasefire collapsed '
  'near border city where officials reported heavy fighting and aid groups warned of a growing '
  'crisis as thousands families fled toward frontier in search shelter Macron Idlib Syria '
  'president government forces police killed people Tuesday according statement news agency '
  'United Nations', ' ') AS words;
-- 20,000 bodies of 600 words drawn from the vocabulary: prose-like, so they compress.
CREATE TEMP TABLE bodies AS
SELECT (SELECT string_agg(words[1 + floor(random() * cardinality(words))::int], ' ')
        FROM vocabulary, generate_series(1, 600) WHERE i > 0) AS body
FROM generate_series(1, 20000) AS i;
CREATE TEMP TABLE with_pglz (body text COMPRESSION pglz);
CREATE TEMP TABLE with_lz4 (body text COMPRESSION lz4);
\timing on
-- `|| ''` hands over a new, uncompressed value, so each table compresses it itself.
\echo 'write, pglz'
INSERT INTO with_pglz SELECT body || '' FROM bodies;
\echo 'write, lz4'
INSERT INTO with_lz4 SELECT body || '' FROM bodies;
\echo 'read, pglz'
SELECT sum(length(body)) FROM with_pglz;
\echo 'read, lz4'
SELECT sum(length(body)) FROM with_lz4;
\timing off
SELECT pg_size_pretty(pg_total_relation_size('with_pglz')) AS pglz_size,
       pg_size_pretty(pg_total_relation_size('with_lz4')) AS lz4_size;
