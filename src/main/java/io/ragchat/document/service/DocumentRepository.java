package io.ragchat.document.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
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
 * transaction, so no reader ever sees a half-ingested or half-replaced document. Every query names the
 * tenant: a document of another tenant is, to its callers, no document at all. Reads are guarded by
 * {@code database-read} (timed out, retried when the connection failed); writes are not retried here.
 */
@ApplicationScoped
public class DocumentRepository {

    private static final String COLUMNS = "id, title, source, content_type, content_hash, metadata, chunk_count,"
            + " embedding_model, created_at, updated_at";

    private final Pool pool;

    DocumentRepository(Pool pool) {
        this.pool = pool;
    }

    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<Optional<DocumentRecord>> find(String tenant, UUID id) {
        return one("SELECT " + COLUMNS + " FROM document WHERE id = $1 AND tenant = $2", Tuple.of(id, tenant));
    }

    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<Optional<DocumentRecord>> findBySource(String tenant, String source) {
        return one("SELECT " + COLUMNS + " FROM document WHERE source = $1 AND tenant = $2", Tuple.of(source, tenant));
    }

    /** A document of the tenant without a source holding exactly this content. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<Optional<DocumentRecord>> findUnsourcedByHash(String tenant, String contentHash) {
        return one("SELECT " + COLUMNS + " FROM document WHERE tenant = $1 AND source IS NULL AND content_hash = $2"
                + " LIMIT 1", Tuple.of(tenant, contentHash));
    }

    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<List<DocumentRecord>> list(String tenant, int limit, int offset) {
        return reached(pool.preparedQuery("SELECT " + COLUMNS + " FROM document WHERE tenant = $1"
                + " ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(tenant, limit, offset))
                .map(rows -> {
                    List<DocumentRecord> documents = new ArrayList<>();
                    rows.forEach(row -> documents.add(toRecord(row)));
                    return documents;
                }));
    }

    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<String> content(String tenant, UUID id) {
        return reached(pool.preparedQuery("SELECT content FROM document WHERE id = $1 AND tenant = $2")
                .execute(Tuple.of(id, tenant))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("content") : null));
    }

    public Uni<Void> insert(String tenant, DocumentRecord document, String content, List<NewChunk> chunks) {
        return reached(pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO document (" + COLUMNS + ", content, tenant)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), $9, $10)")
                .execute(Tuple.from(Arrays.asList(document.id(), document.title(), document.source(),
                        document.contentType(), document.contentHash(), new JsonObject(document.metadata()),
                        chunks.size(), document.embeddingModel(), content, tenant)))
                .chain(() -> insertChunks(tx, tenant, document, chunks))));
    }

    /** Swaps a document's content and all its chunks at once (the document was found in this tenant). */
    public Uni<Void> replace(String tenant, DocumentRecord document, String content, List<NewChunk> chunks) {
        return reached(pool.withTransaction(tx -> tx.preparedQuery("UPDATE document SET title = $2, content_type = $3,"
                + " content_hash = $4, metadata = $5, chunk_count = $6, embedding_model = $7, content = $8,"
                + " updated_at = now() WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(document.id(), document.title(), document.contentType(),
                        document.contentHash(), new JsonObject(document.metadata()), chunks.size(),
                        document.embeddingModel(), content)))
                .chain(() -> tx.preparedQuery("DELETE FROM chunk WHERE document_id = $1").execute(Tuple.of(document.id())))
                .chain(() -> insertChunks(tx, tenant, document, chunks))));
    }

    /** Deletes a document of the tenant and, by cascade, its chunks; answers how many, empty when it was not there. */
    public Uni<Optional<Integer>> delete(String tenant, UUID id) {
        return reached(pool.preparedQuery("DELETE FROM document WHERE id = $1 AND tenant = $2 RETURNING chunk_count")
                .execute(Tuple.of(id, tenant))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getInteger(0)) : Optional.empty()));
    }

    private static Uni<Void> insertChunks(SqlClient tx, String tenant, DocumentRecord document, List<NewChunk> chunks) {
        if (chunks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonObject metadata = new JsonObject(document.metadata());
        List<Tuple> batch = chunks.stream()
                .map(chunk -> Tuple.from(Arrays.asList(document.id(), chunk.ordinal(), chunk.heading(), chunk.content(),
                        chunk.tokenCount(), metadata, new PGvector(chunk.embedding()).toString(), tenant, document.title(), chunk.page())))
                .toList();
        // The title is copied like tenant and metadata: the keyword search weighs it without a join.
        return tx.preparedQuery("INSERT INTO chunk (document_id, ordinal, heading, content, token_count, metadata, embedding,"
                + " tenant, title, page) VALUES ($1, $2, $3, $4, $5, $6, $7::vector, $8, $9, $10)")
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
