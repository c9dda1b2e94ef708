package io.ragchat.document.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.ragchat.database.DatabaseUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Documents and their chunks, through the reactive PostgreSQL client: chunk vectors are pgvector values
 * ({@link PGvector}) bound as {@code $n::vector}. A document and its chunks change together in one
 * transaction, so no reader ever sees a half-ingested or half-replaced document.
 */
@ApplicationScoped
public class DocumentRepository {

    private static final String COLUMNS = "id, title, source, content_type, content_hash, metadata, chunk_count,"
            + " embedding_model, created_at, updated_at";

    private final Pool pool;

    DocumentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<DocumentRecord>> find(UUID id) {
        return one("SELECT " + COLUMNS + " FROM document WHERE id = $1", Tuple.of(id));
    }

    public Uni<Optional<DocumentRecord>> findBySource(String source) {
        return one("SELECT " + COLUMNS + " FROM document WHERE source = $1", Tuple.of(source));
    }

    /** A document without a source holding exactly this content. */
    public Uni<Optional<DocumentRecord>> findUnsourcedByHash(String contentHash) {
        return one("SELECT " + COLUMNS + " FROM document WHERE source IS NULL AND content_hash = $1 LIMIT 1",
                Tuple.of(contentHash));
    }

    public Uni<List<DocumentRecord>> list(int limit, int offset) {
        return reached(pool.preparedQuery("SELECT " + COLUMNS + " FROM document ORDER BY created_at DESC, id LIMIT $1 OFFSET $2")
                .execute(Tuple.of(limit, offset))
                .map(rows -> {
                    List<DocumentRecord> documents = new ArrayList<>();
                    rows.forEach(row -> documents.add(toRecord(row)));
                    return documents;
                }));
    }

    public Uni<String> content(UUID id) {
        return reached(pool.preparedQuery("SELECT content FROM document WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("content") : null));
    }

    public Uni<Void> insert(DocumentRecord document, String content, List<NewChunk> chunks) {
        return reached(pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO document (" + COLUMNS + ", content)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), $9)")
                .execute(Tuple.from(Arrays.asList(document.id(), document.title(), document.source(),
                        document.contentType(), document.contentHash(), new JsonObject(document.metadata()),
                        chunks.size(), document.embeddingModel(), content)))
                .chain(() -> insertChunks(tx, document, chunks))));
    }

    /** Swaps a document's content and all its chunks at once. */
    public Uni<Void> replace(DocumentRecord document, String content, List<NewChunk> chunks) {
        return reached(pool.withTransaction(tx -> tx.preparedQuery("UPDATE document SET title = $2, content_type = $3,"
                + " content_hash = $4, metadata = $5, chunk_count = $6, embedding_model = $7, content = $8,"
                + " updated_at = now() WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(document.id(), document.title(), document.contentType(),
                        document.contentHash(), new JsonObject(document.metadata()), chunks.size(),
                        document.embeddingModel(), content)))
                .chain(() -> tx.preparedQuery("DELETE FROM chunk WHERE document_id = $1").execute(Tuple.of(document.id())))
                .chain(() -> insertChunks(tx, document, chunks))));
    }

    /** Deletes a document and, by cascade, its chunks; answers whether it existed. */
    public Uni<Boolean> delete(UUID id) {
        return reached(pool.preparedQuery("DELETE FROM document WHERE id = $1").execute(Tuple.of(id))
                .map(result -> result.rowCount() > 0));
    }

    private static Uni<Void> insertChunks(SqlClient tx, DocumentRecord document, List<NewChunk> chunks) {
        if (chunks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonObject metadata = new JsonObject(document.metadata());
        List<Tuple> batch = chunks.stream()
                .map(chunk -> Tuple.from(Arrays.asList(document.id(), chunk.ordinal(), chunk.heading(), chunk.content(),
                        chunk.tokenCount(), metadata, new PGvector(chunk.embedding()).toString())))
                .toList();
        return tx.preparedQuery("INSERT INTO chunk (document_id, ordinal, heading, content, token_count, metadata, embedding)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7::vector)")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    private Uni<Optional<DocumentRecord>> one(String sql, Tuple params) {
        return reached(pool.preparedQuery(sql).execute(params)
                .map(rows -> rows.iterator().hasNext() ? Optional.of(toRecord(rows.iterator().next())) : Optional.empty()));
    }

    /** A database that cannot be reached is answered 503; a statement it refused stays what it is. */
    private static <T> Uni<T> reached(Uni<T> call) {
        return call.onFailure().transform(DatabaseUnavailableException::classify);
    }

    private static DocumentRecord toRecord(Row row) {
        JsonObject metadata = row.getJsonObject("metadata");
        return new DocumentRecord(row.getUUID("id"), row.getString("title"), row.getString("source"),
                row.getString("content_type"), row.getString("content_hash"),
                metadata == null ? Map.of() : metadata.getMap(), row.getInteger("chunk_count"),
                row.getString("embedding_model"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
