-- One GIN index over team, tags and the text's trigrams: a rare term, with or without team and tag filters,
-- is answered from the index alone (the posting lists intersect inside it), without fetching every row that
-- merely contains the term. A common term is found by walking the newest insights instead (insight_newest).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX insight_search ON insight USING gin (team_id, tags, search_text gin_trgm_ops);
DROP INDEX insight_search_trgm;
DROP INDEX insight_tags;
