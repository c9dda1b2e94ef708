-- Documents, chunks and conversations belong to a tenant, conversations also to a user. Rows from before
-- belong to the caller there is when authentication is off: tenant 'default', user 'anonymous'.
-- (ADD COLUMN with a constant default rewrites no rows; the defaults are dropped after, so every insert
-- must name its owner.)
ALTER TABLE document ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE document ALTER COLUMN tenant DROP DEFAULT;
-- A copy of the document's tenant, so the tenant filter runs inside the vector query, like the metadata one.
ALTER TABLE chunk ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE chunk ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE conversation ADD COLUMN tenant text NOT NULL DEFAULT 'default';
ALTER TABLE conversation ADD COLUMN user_id text NOT NULL DEFAULT 'anonymous';
ALTER TABLE conversation ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE conversation ALTER COLUMN user_id DROP DEFAULT;

-- A source names one document within a tenant; identical content is shared within a tenant only.
DROP INDEX document_source_key;
CREATE UNIQUE INDEX document_source_key ON document (tenant, source) WHERE source IS NOT NULL;
DROP INDEX document_content_hash_idx;
CREATE INDEX document_content_hash_idx ON document (tenant, content_hash);
CREATE INDEX document_tenant_created_idx ON document (tenant, created_at DESC);
CREATE INDEX conversation_owner_idx ON conversation (tenant, user_id, updated_at DESC);
