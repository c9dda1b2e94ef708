package io.ragchat.retrieval.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.ragchat.resilience.Guards;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Nearest chunks of one tenant by cosine distance over the HNSW index. The inner query orders by distance
 * alone so PostgreSQL can walk the index; titles are joined onto the few rows it returns.
 *
 * <p>
 * The tenant (and an optional metadata filter) is applied inside the vector query, on the chunk's own
 * copies of both, so another tenant's chunks are never even candidates. An HNSW scan yields only
 * {@code ef_search} candidates before filtering, so a tenant owning a small share of the chunks could get
 * fewer than k rows, or none; pgvector 0.8's iterative scan keeps scanning until k rows pass the filter.
 * That takes a session setting, so every search runs in a short transaction with {@code SET LOCAL}.
 */
@ApplicationScoped
public class RetrievalService {

    private static final String SELECT = "SELECT c.id, c.document_id, d.title, c.heading, c.content, c.page, c.distance FROM ("
            + "SELECT id, document_id, heading, content, page, embedding <=> $1::vector AS distance FROM chunk WHERE tenant = $3%s"
            + " ORDER BY embedding <=> $1::vector LIMIT $2) c JOIN document d ON d.id = c.document_id ORDER BY c.distance";
    private static final String TENANT_ONLY = SELECT.formatted("");
    private static final String WITH_METADATA = SELECT.formatted(" AND metadata @> $4::jsonb");

    private final Pool pool;
    private final RetrievalConfig config;
    private final String settings;

    RetrievalService(Pool pool, RetrievalConfig config) {
        this.pool = pool;
        this.config = config;
        this.settings = "SET LOCAL hnsw.ef_search = " + config.efSearch() + "; SET LOCAL hnsw.iterative_scan = relaxed_order";
    }

    /** The {@code topK} chunks of the tenant most similar to the vector, above the configured minimum similarity. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<List<RetrievedChunk>> search(String tenant, float[] vector, int topK, Map<String, Object> filter) {
        String embedding = new PGvector(vector).toString();
        boolean filtered = filter != null && !filter.isEmpty();
        Tuple params = filtered ? Tuple.of(embedding, topK, tenant, new JsonObject(filter)) : Tuple.of(embedding, topK, tenant);
        String sql = filtered ? WITH_METADATA : TENANT_ONLY;
        return pool.withTransaction(tx -> tx.query(settings).execute().chain(() -> tx.preparedQuery(sql).execute(params)))
                .map(this::toChunks);
    }

    private List<RetrievedChunk> toChunks(RowSet<Row> rows) {
        List<RetrievedChunk> chunks = new ArrayList<>();
        for (Row row : rows) {
            double score = 1.0 - row.getDouble("distance");
            if (score >= config.minScore()) {
                chunks.add(new RetrievedChunk(row.getLong("id"), row.getUUID("document_id"), row.getString("title"),
                        row.getString("heading"), row.getString("content"), score, row.getInteger("page")));
            }
        }
        // relaxed_order may return rows slightly out of order; the prompt wants the best first.
        chunks.sort(Comparator.comparingDouble(RetrievedChunk::score).reversed());
        return chunks;
    }
}
