-- Full-text search over chunks, next to the vector search: the keyword side of hybrid retrieval finds what
-- an embedding blurs (error codes, configuration keys, product names).
--
-- A copy of the document's title, like tenant and metadata, so the keyword search weighs it without a join.
ALTER TABLE chunk ADD COLUMN title text NOT NULL DEFAULT '';
UPDATE chunk c SET title = d.title FROM document d WHERE d.id = c.document_id;
ALTER TABLE chunk ALTER COLUMN title DROP DEFAULT;

-- Title weighs most (A), then the chunk's heading path (B), then its text (C); ts_rank_cd uses the weights.
-- The text search configuration is 'english' here and in RetrievalService's query, which must match it for
-- the GIN index to be used: changing the language takes a migration that redefines this column and a change
-- of that one constant.
ALTER TABLE chunk ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A')
    || setweight(to_tsvector('english'::regconfig, heading), 'B')
    || setweight(to_tsvector('english'::regconfig, content), 'C')) STORED;
CREATE INDEX chunk_search_idx ON chunk USING gin (search);
