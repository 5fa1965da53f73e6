-- Search: q is matched, as a literal substring, against the text in NFKC and lower case (computed by the
-- service, so that the query and the text are normalised by the same function); trigram index for speed.
ALTER TABLE insight ADD COLUMN search_text text;
UPDATE insight SET search_text = lower(normalize(text, NFKC));
ALTER TABLE insight ALTER COLUMN search_text SET NOT NULL;
DROP INDEX insight_text_trgm;
CREATE INDEX insight_search_trgm ON insight USING gin (search_text gin_trgm_ops);
CREATE INDEX insight_team_newest ON insight (tenant, team_id, occurred_at DESC, id DESC);

-- KPI links given explicitly (not derived from the tags) survive a retag.
ALTER TABLE insight ADD COLUMN kpis_explicit boolean NOT NULL DEFAULT false;

-- The outbox of knowledge.insights: version grows with every change, published_version is what the topic has.
ALTER TABLE insight ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE insight ADD COLUMN published_version bigint NOT NULL DEFAULT 0;
CREATE INDEX insight_unpublished ON insight (created_at) WHERE version > published_version;
