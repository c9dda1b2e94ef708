package io.ragchat.retrieval.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.ragchat.rerank.service.Reranked;
import io.ragchat.rerank.service.Reranker;
import io.ragchat.resilience.Guards;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.ragchat.retrieval.config.RetrievalConfig.Mode;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * The chunks of one tenant that answer a question: by vector similarity over the HNSW index, by full-text
 * search over the GIN index, or both fused (see {@link SearchStatement}), in one statement; then, when a
 * reranker is configured, it reorders the best candidates ({@code ragchat.rerank.*}); then diverse sources
 * are picked from them ({@link SourceSelector}).
 *
 * <p>
 * The tenant (and an optional metadata filter) is applied inside each side's query, on the chunk's own
 * copies of both, so another tenant's chunks are never even candidates. An HNSW scan yields only
 * {@code ef_search} candidates before filtering, so a tenant owning a small share of the chunks could get
 * fewer than k rows, or none; pgvector 0.8's iterative scan keeps scanning until k rows pass the filter.
 * That and {@code ef_search} are session settings, which every pooled connection starts with
 * ({@code quarkus.datasource.reactive.additional-properties}), so a search is one statement, one round trip
 * (the service's first also reads the words the keyword side leaves out: {@link CommonWords}).
 */
@ApplicationScoped
public class RetrievalService {

    private final Pool pool;
    private final RetrievalConfig config;
    private final Reranker reranker;
    private final CommonWords commonWords;

    RetrievalService(Pool pool, RetrievalConfig config, Reranker reranker, CommonWords commonWords) {
        this.pool = pool;
        this.config = config;
        this.reranker = reranker;
        this.commonWords = commonWords;
    }

    /** The {@code topK} best sources of the tenant for the question, found the configured way. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<Retrieval> search(String tenant, String queryText, float[] vector, int topK, Map<String, Object> filter) {
        return find(config.mode(), tenant, queryText, vector, topK, filter);
    }

    /** As {@link #search(String, String, float[], int, Map)}, in the given mode, to compare the modes on one corpus. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<Retrieval> search(Mode mode, String tenant, String queryText, float[] vector, int topK,
            Map<String, Object> filter) {
        return find(mode, tenant, queryText, vector, topK, filter);
    }

    private Uni<Retrieval> find(Mode mode, String tenant, String queryText, float[] vector, int topK,
            Map<String, Object> filter) {
        Uni<List<String>> leftOut = mode == Mode.vector ? Uni.createFrom().item(List.of()) : commonWords.current();
        return leftOut.map(words -> new SearchStatement(mode, config, tenant, queryText, new PGvector(vector).toString(),
                Math.max(config.candidates(), topK), filter, words))
                .chain(statement -> pool.preparedQuery(statement.sql()).execute(statement.params()))
                .map(RetrievalService::candidates)
                .chain(found -> rerank(queryText, found).map(ranking -> new Retrieval(
                        SourceSelector.select(ranking.order(found), topK, config.maxChunksPerDocument()),
                        ranking.reranked().outcome(), ranking.reranked().nanos())));
    }

    /**
     * The reranker's scores of the best candidates (the fused order's head); none, at once, when no reranker is
     * configured. It never fails: without scores the fused order stands.
     */
    private Uni<Ranking> rerank(String queryText, List<Candidate> found) {
        int head = reranker.enabled() ? Math.min(reranker.candidates(), found.size()) : 0;
        List<String> passages = found.subList(0, head).stream()
                .map(c -> c.heading().isEmpty() ? c.content() : c.heading() + "\n" + c.content()).toList();
        return reranker.score(queryText, passages).map(reranked -> new Ranking(head, reranked));
    }

    /** What the reranker made of the first {@code head} candidates. */
    private record Ranking(int head, Reranked reranked) {

        /** The candidates with the head in the reranker's order (as fused without scores) and the rest after it. */
        List<Candidate> order(List<Candidate> found) {
            List<Candidate> ordered = new ArrayList<>(reranked.reorder(found.subList(0, head)));
            ordered.addAll(found.subList(head, found.size()));
            return ordered;
        }
    }

    private static List<Candidate> candidates(RowSet<Row> rows) {
        List<Candidate> candidates = new ArrayList<>();
        for (Row row : rows) {
            candidates.add(new Candidate(row.getLong("id"), row.getUUID("document_id"), row.getString("title"),
                    row.getString("heading"), row.getInteger("ordinal"), row.getString("content"), row.getDouble("score"),
                    row.getInteger("page")));
        }
        return candidates;
    }
}
