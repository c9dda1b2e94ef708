-- The vector extension is created by the set-up as a superuser; IF NOT EXISTS keeps this a no-op then.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE document (
    id              uuid PRIMARY KEY,
    title           text        NOT NULL,
    source          text,
    content_type    text        NOT NULL,
    content         text        NOT NULL,
    content_hash    text        NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    chunk_count     integer     NOT NULL,
    embedding_model text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- A source names one document: ingesting changed content under it replaces that document.
CREATE UNIQUE INDEX document_source_key ON document (source) WHERE source IS NOT NULL;
CREATE INDEX document_content_hash_idx ON document (content_hash);

CREATE TABLE chunk (
    id          bigserial PRIMARY KEY,
    document_id uuid    NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    ordinal     integer NOT NULL,
    heading     text    NOT NULL DEFAULT '',
    content     text    NOT NULL,
    token_count integer NOT NULL,
    -- A copy of the document's metadata, so a filtered search needs no join before the index scan.
    metadata    jsonb   NOT NULL DEFAULT '{}'::jsonb,
    embedding   vector(${embedding-dimension}) NOT NULL
);
CREATE INDEX chunk_document_idx ON chunk (document_id);
CREATE INDEX chunk_metadata_idx ON chunk USING gin (metadata jsonb_path_ops);
CREATE INDEX chunk_embedding_hnsw_idx ON chunk USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64);

CREATE TABLE conversation (
    id         uuid PRIMARY KEY,
    title      text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE message (
    id              uuid PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    role            text        NOT NULL,
    content         text        NOT NULL,
    status          text        NOT NULL,
    provider        text,
    model           text,
    -- JSON text: an array, which the reactive driver's jsonb binding (objects only) cannot carry.
    sources         text,
    timings         jsonb,
    usage           jsonb,
    error           text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX message_conversation_idx ON message (conversation_id, created_at);
