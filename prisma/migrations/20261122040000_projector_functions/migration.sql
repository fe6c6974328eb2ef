-- The projector's write path as functions: a batch of articles, or of story
-- moves, is one call and so one round trip and one implicit transaction, where
-- it was about twenty statements, each a round trip and a plan (see
-- libs/projection/README.md). The statements are the ones the projector sent
-- before, in the same order, and take the same locks in the same order.
--
-- Every function plans its statements per call, as the projector's statements
-- were: PL/pgSQL would otherwise keep a generic plan per connection, and one
-- chosen while the tables were small (sequential scans) stayed as they grew.
-- The one exception is the article upsert (newsgraph_upsert_articles).

-- A story and a source with articles in it: the unit of recounting.
CREATE TYPE newsgraph_story_pair AS (story_id text, source_id text);

-- The (story, source) pairs of the given articles and of their copies. Each
-- branch on its own index (one OR with story_id IS NOT NULL let the planner
-- walk the story_id index over every article with a story).
CREATE FUNCTION newsgraph_story_pairs(p_ids text[]) RETURNS newsgraph_story_pair[]
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_pairs newsgraph_story_pair[];
BEGIN
  SELECT coalesce(array_agg(ROW(p.story_id, p.source_id)::newsgraph_story_pair), '{}')
  INTO v_pairs
  FROM (SELECT story_id, source_id FROM articles WHERE id = ANY(p_ids)
        UNION SELECT story_id, source_id FROM articles WHERE duplicate_of_id = ANY(p_ids)) p
  WHERE p.story_id IS NOT NULL;
  RETURN v_pairs;
END $$;

-- New stories, and titles from the highest revision seen.
CREATE FUNCTION newsgraph_upsert_stories(p_ids text[], p_titles text[], p_revisions bigint[],
                                         p_at timestamptz[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  IF cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO stories (id, title, title_revision, first_seen_at, last_seen_at)
  SELECT * FROM unnest(p_ids, p_titles, p_revisions, p_at, p_at)
  ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, title_revision = EXCLUDED.title_revision
  WHERE stories.title_revision < EXCLUDED.title_revision;
END $$;

-- Brings the story of the given articles, and of their copies, to the newest
-- decision known (a recorded move newer than the article's own event, and a
-- canonical article's story for its copies), then recounts every story touched
-- from the stored articles, never incrementally, so replays cannot change the
-- counts. p_mentioned are stories named by the events, p_pairs pairs the
-- articles left earlier in the same call. Announces the added articles and
-- the recounted stories on p_channel when the transaction commits, in notices
-- of at most p_notice_bytes.
CREATE FUNCTION newsgraph_settle_stories(p_ids text[], p_mentioned text[], p_pairs newsgraph_story_pair[],
                                         p_added text[], p_channel text, p_notice_bytes int)
RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_pairs newsgraph_story_pair[] := p_pairs || newsgraph_story_pairs(p_ids);
  v_stories text[];
  v_articles text[] := '{}';
  v_story_ids text[] := '{}';
  v_size int := 30;
  v_kind int;
  v_id text;
BEGIN
  UPDATE articles a SET story_id = m.story_id, story_revision = m.revision
  FROM story_moves m
  WHERE a.id = ANY(p_ids) AND m.article_id = a.id AND m.revision > a.story_revision;
  -- Copies follow their canonical article: the ones just written, and those of
  -- it. Found on the primary key and the duplicate_of_id index first (an OR
  -- across the two sides of the join scanned the whole table twice).
  UPDATE articles c SET story_id = a.story_id, story_revision = a.story_revision
  FROM articles a
  WHERE c.duplicate_of_id = a.id AND a.story_revision > c.story_revision
    AND c.id IN (SELECT x.id FROM unnest(p_ids) AS x(id)
                 UNION ALL SELECT d.id FROM articles d WHERE d.duplicate_of_id = ANY(p_ids));
  v_pairs := v_pairs || newsgraph_story_pairs(p_ids);

  SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}') INTO v_stories
  FROM (SELECT p.story_id AS s FROM unnest(v_pairs) p
        UNION ALL SELECT m FROM unnest(p_mentioned) m) x
  WHERE s IS NOT NULL;
  IF cardinality(v_stories) > 0 THEN
    -- Locked in id order first: an UPDATE ... FROM locks in whatever order its
    -- plan reads, and two projectors recounting the same stories would
    -- deadlock. The story's lock also guards its story_sources rows.
    PERFORM 1 FROM stories WHERE id = ANY(v_stories) ORDER BY id FOR UPDATE;
    WITH counted AS (
      SELECT p.story_id, p.source_id, c.n, c.first_seen, c.last_seen
      FROM (SELECT DISTINCT story_id, source_id FROM unnest(v_pairs)) p
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n, min(a.ingested_at) AS first_seen, max(a.ingested_at) AS last_seen
        FROM articles a WHERE a.story_id = p.story_id AND a.source_id = p.source_id) c),
    emptied AS (
      DELETE FROM story_sources s USING counted c
      WHERE s.story_id = c.story_id AND s.source_id = c.source_id AND c.n = 0)
    INSERT INTO story_sources (story_id, source_id, article_count, first_seen_at, last_seen_at)
    SELECT story_id, source_id, n, first_seen, last_seen FROM counted WHERE n > 0
    ORDER BY story_id, source_id
    ON CONFLICT (story_id, source_id) DO UPDATE SET article_count = EXCLUDED.article_count,
      first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at;
    UPDATE stories s SET article_count = c.articles, source_count = c.sources,
                         first_seen_at = c.first_seen, last_seen_at = c.last_seen
    FROM (SELECT story_id, sum(article_count)::int AS articles, count(*)::int AS sources,
                 min(first_seen_at) AS first_seen, max(last_seen_at) AS last_seen
          FROM story_sources WHERE story_id = ANY(v_stories) GROUP BY story_id) c
    WHERE s.id = c.story_id;
    -- A story left without articles (merged away) goes, unless a recorded
    -- move still waits for its article.
    DELETE FROM stories s
    WHERE s.id = ANY(v_stories)
      AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM story_moves m WHERE m.story_id = s.id
                        AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id));
  END IF;

  -- NOTIFY is delivered on commit: subscribers hear only of rows they can read.
  FOR v_kind, v_id IN
    SELECT 1, x FROM unnest(p_added) x UNION ALL SELECT 2, y FROM unnest(v_stories) y
  LOOP
    IF v_size + octet_length(v_id) + 3 > p_notice_bytes THEN
      PERFORM pg_notify(p_channel, json_build_object('articles', v_articles, 'stories', v_story_ids)::text);
      v_articles := '{}';
      v_story_ids := '{}';
      v_size := 30;
    END IF;
    IF v_kind = 1 THEN
      v_articles := v_articles || v_id;
    ELSE
      v_story_ids := v_story_ids || v_id;
    END IF;
    v_size := v_size + octet_length(v_id) + 3;
  END LOOP;
  IF cardinality(v_articles) + cardinality(v_story_ids) > 0 THEN
    PERFORM pg_notify(p_channel, json_build_object('articles', v_articles, 'stories', v_story_ids)::text);
  END IF;
END $$;

-- The article upsert of newsgraph_project_articles, planned once per connection.
-- Planned per call (as the rest of that function is), it cost Postgres about
-- 0.36 ms per article against 0.25 ms as a separate statement before
-- (auto_explain over a pipeline bench run), most likely from copying its large
-- array arguments (bodies, search vectors, mentions) into every new plan. An
-- insert from unnest with ON CONFLICT on the primary key reads no table that a
-- cached plan could scan badly, unlike the statements left planned per call.
CREATE TYPE newsgraph_written_articles AS (added text[], replayed text[]);

CREATE FUNCTION newsgraph_upsert_articles(
  p_ids text[], p_article_sources text[], p_external_ids text[], p_urls text[], p_titles text[],
  p_bodies text[], p_languages text[], p_bylines text[], p_hashes text[], p_published timestamptz[],
  p_ingested timestamptz[], p_kinds text[], p_duplicate_of text[], p_similarities float8[],
  p_article_stories text[], p_article_story_revisions bigint[], p_search text[], p_mentions text[])
RETURNS newsgraph_written_articles
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  added text[];
  replayed text[];
BEGIN
  WITH written AS (
    INSERT INTO articles (id, source_id, external_id, url, title, body, language, byline, content_hash,
                          published_at, ingested_at, occurred_at, duplicate_kind, duplicate_of_id, similarity,
                          story_id, story_revision, search, mentions)
    SELECT id, source_id, external_id, url, title, body, language, byline, content_hash, published_at,
           ingested_at, coalesce(published_at, ingested_at), kind::duplicate_kind, duplicate_of_id, similarity,
           story_id, story_revision, search::tsvector, mentions::jsonb
    FROM unnest(p_ids, p_article_sources, p_external_ids, p_urls, p_titles, p_bodies, p_languages, p_bylines,
                p_hashes, p_published, p_ingested, p_kinds, p_duplicate_of, p_similarities, p_article_stories,
                p_article_story_revisions, p_search, p_mentions)
      AS x(id, source_id, external_id, url, title, body, language, byline, content_hash, published_at,
           ingested_at, kind, duplicate_of_id, similarity, story_id, story_revision, search, mentions)
    ON CONFLICT (id) DO UPDATE SET
      source_id = EXCLUDED.source_id,
      external_id = EXCLUDED.external_id,
      url = EXCLUDED.url,
      title = EXCLUDED.title,
      body = EXCLUDED.body,
      language = EXCLUDED.language,
      byline = EXCLUDED.byline,
      content_hash = EXCLUDED.content_hash,
      published_at = EXCLUDED.published_at,
      ingested_at = LEAST(articles.ingested_at, EXCLUDED.ingested_at),
      occurred_at = coalesce(EXCLUDED.published_at, LEAST(articles.ingested_at, EXCLUDED.ingested_at)),
      duplicate_kind = EXCLUDED.duplicate_kind,
      duplicate_of_id = EXCLUDED.duplicate_of_id,
      similarity = EXCLUDED.similarity,
      -- Story decisions are revised by story moves: the highest revision wins.
      story_id = CASE WHEN EXCLUDED.story_revision >= articles.story_revision
                      THEN EXCLUDED.story_id ELSE articles.story_id END,
      story_revision = GREATEST(articles.story_revision, EXCLUDED.story_revision),
      search = EXCLUDED.search,
      mentions = EXCLUDED.mentions
    RETURNING id, (xmax = 0) AS inserted)
  SELECT coalesce(array_agg(id ORDER BY id) FILTER (WHERE inserted), '{}'),
         coalesce(array_agg(id ORDER BY id) FILTER (WHERE NOT inserted), '{}')
  INTO added, replayed
  FROM written;
  RETURN ROW(added, replayed)::newsgraph_written_articles;
END $$;

-- A batch of enriched articles, each list sorted by its key by the projector
-- so that concurrent projectors lock shared rows in one order. Every statement
-- is an upsert keyed by the event's own ids and mentions are replaced per
-- article, so applying a batch twice leaves the same rows.
CREATE FUNCTION newsgraph_project_articles(
  p_channel text, p_notice_bytes int,
  p_source_ids text[], p_source_names text[], p_source_urls text[],
  p_story_ids text[], p_story_titles text[], p_story_revisions bigint[], p_story_at timestamptz[],
  p_ids text[], p_article_sources text[], p_external_ids text[], p_urls text[], p_titles text[],
  p_bodies text[], p_languages text[], p_bylines text[], p_hashes text[], p_published timestamptz[],
  p_ingested timestamptz[], p_kinds text[], p_duplicate_of text[], p_similarities float8[],
  p_article_stories text[], p_article_story_revisions bigint[], p_search text[], p_mentions text[],
  p_entity_ids text[], p_entity_qids text[], p_entity_names text[], p_entity_types text[],
  p_link_articles text[], p_link_entities text[], p_link_counts int[], p_link_saliences float8[],
  p_alias_entities text[], p_aliases text[])
RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_leaving newsgraph_story_pair[];
  v_added text[];
  v_replayed text[];
  v_written newsgraph_written_articles;
BEGIN
  INSERT INTO sources (id, name, url)
  SELECT * FROM unnest(p_source_ids, p_source_names, p_source_urls)
  ON CONFLICT (id) DO NOTHING;
  -- Only rows that change are updated (and locked): a source or an entity is
  -- named again by most batches, almost always the same way.
  UPDATE sources s SET name = x.name, url = COALESCE(x.url, s.url)
  FROM unnest(p_source_ids, p_source_names, p_source_urls) AS x(id, name, url)
  WHERE s.id = x.id AND (s.name, COALESCE(x.url, s.url)) IS DISTINCT FROM (x.name, s.url);

  PERFORM newsgraph_upsert_stories(p_story_ids, p_story_titles, p_story_revisions, p_story_at);
  -- The (story, source) pairs these articles and their copies leave, if any.
  v_leaving := newsgraph_story_pairs(p_ids);

  -- The latest event wins, except the ingestion time, which stays the first one
  -- seen: re-importing an item changes nothing, an updated item replaces its
  -- text, and any order of replay ends in the same row.
  -- A simple expression: its arguments are passed as they are, not planned.
  v_written := newsgraph_upsert_articles(p_ids, p_article_sources, p_external_ids, p_urls, p_titles,
    p_bodies, p_languages, p_bylines, p_hashes, p_published, p_ingested, p_kinds, p_duplicate_of,
    p_similarities, p_article_stories, p_article_story_revisions, p_search, p_mentions);
  v_added := v_written.added;
  v_replayed := v_written.replayed;

  IF cardinality(p_entity_ids) > 0 THEN
    INSERT INTO entities (id, qid, name, type)
    SELECT * FROM unnest(p_entity_ids, p_entity_qids, p_entity_names, p_entity_types)
    ON CONFLICT (id) DO NOTHING;
    UPDATE entities e SET qid = x.qid, name = x.name, type = x.type
    FROM unnest(p_entity_ids, p_entity_qids, p_entity_names, p_entity_types) AS x(id, qid, name, type)
    WHERE e.id = x.id AND (e.qid, e.name, e.type) IS DISTINCT FROM (x.qid, x.name, x.type);
  END IF;
  IF cardinality(v_replayed) > 0 THEN
    DELETE FROM article_entities WHERE article_id = ANY(v_replayed);
  END IF;
  IF cardinality(p_link_articles) > 0 THEN
    INSERT INTO article_entities (article_id, entity_id, mention_count, salience, occurred_at)
    SELECT x.article_id, x.entity_id, x.mention_count, x.salience, a.occurred_at
    FROM unnest(p_link_articles, p_link_entities, p_link_counts, p_link_saliences)
           AS x(article_id, entity_id, mention_count, salience)
    JOIN articles a ON a.id = x.article_id;
  END IF;
  IF cardinality(p_alias_entities) > 0 THEN
    INSERT INTO entity_aliases (entity_id, alias)
    SELECT * FROM unnest(p_alias_entities, p_aliases)
    ON CONFLICT DO NOTHING;
  END IF;

  PERFORM newsgraph_settle_stories(p_ids, p_story_ids, v_leaving, v_added, p_channel, p_notice_bytes);
END $$;

-- A batch of story moves (merges and splits), one per article, sorted by
-- article. Each is kept with its revision, so a move that arrives before its
-- article still takes effect when the article comes, and an older decision
-- never overrides a newer one.
CREATE FUNCTION newsgraph_apply_story_moves(
  p_channel text, p_notice_bytes int,
  p_story_ids text[], p_story_titles text[], p_story_revisions bigint[], p_story_at timestamptz[],
  p_ids text[], p_move_stories text[], p_move_revisions bigint[], p_previous_stories text[])
RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  PERFORM newsgraph_upsert_stories(p_story_ids, p_story_titles, p_story_revisions, p_story_at);
  INSERT INTO story_moves (article_id, story_id, revision)
  SELECT * FROM unnest(p_ids, p_move_stories, p_move_revisions)
  ON CONFLICT (article_id) DO UPDATE SET story_id = EXCLUDED.story_id, revision = EXCLUDED.revision
  WHERE story_moves.revision < EXCLUDED.revision;
  PERFORM newsgraph_settle_stories(p_ids, p_story_ids || p_previous_stories, '{}', '{}',
                                  p_channel, p_notice_bytes);
END $$;
