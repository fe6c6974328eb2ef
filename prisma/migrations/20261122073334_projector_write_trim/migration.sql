-- Articles' content_hash had an index no query uses (exact duplicates are found
-- in dedup_exact_claims): every article paid for it.
DROP INDEX "articles_content_hash_idx";

-- The article-entity rows take each article's occurred_at from the batch's own
-- articles: the join read every article in the table (a hash join over a
-- sequential scan), a cost that grew with the database. Otherwise the body is
-- that of 20261122060000_binary_search_vectors.
CREATE OR REPLACE FUNCTION newsgraph_project_articles(
  p_channel text, p_notice_bytes int,
  p_source_ids text[], p_source_names text[], p_source_urls text[],
  p_story_ids text[], p_story_titles text[], p_story_revisions bigint[], p_story_at timestamptz[],
  p_ids text[], p_article_sources text[], p_external_ids text[], p_urls text[], p_titles text[],
  p_bodies text[], p_languages text[], p_bylines text[], p_hashes text[], p_published timestamptz[],
  p_ingested timestamptz[], p_kinds text[], p_duplicate_of text[], p_similarities float8[],
  p_article_stories text[], p_article_story_revisions bigint[], p_search tsvector[], p_mentions text[],
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
    JOIN articles a ON a.id = x.article_id
    -- Only this batch's articles: without it the join read every article.
    WHERE a.id = ANY(p_ids);
  END IF;
  IF cardinality(p_alias_entities) > 0 THEN
    INSERT INTO entity_aliases (entity_id, alias)
    SELECT * FROM unnest(p_alias_entities, p_aliases)
    ON CONFLICT DO NOTHING;
  END IF;

  PERFORM newsgraph_settle_stories(p_ids, p_story_ids, v_leaving, v_added, p_channel, p_notice_bytes);
END $$;
