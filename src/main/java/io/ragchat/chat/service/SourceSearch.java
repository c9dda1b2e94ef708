package io.ragchat.chat.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.database.DatabaseUnavailableException;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.embedding.service.EmbeddingService.Embedded;
import io.ragchat.followup.service.StandaloneQueries;
import io.ragchat.followup.service.StandaloneQuery;
import io.ragchat.history.service.HistoryMessage;
import io.ragchat.limit.service.RequestLimits;
import io.ragchat.retrieval.service.Retrieval;
import io.ragchat.retrieval.service.RetrievalService;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.smallrye.mutiny.Uni;

/**
 * The sources a question is answered from, among its tenant's documents: its query embedded (through the
 * cache) and searched. A new question is its own query; a follow-up is searched with the standalone query
 * made from it and the conversation before it.
 */
@ApplicationScoped
class SourceSearch {

    private final EmbeddingService embeddings;
    private final RetrievalService retrieval;
    private final StandaloneQueries standaloneQueries;
    private final Stages stages;
    private final RequestLimits limits;
    private final int cores = Runtime.getRuntime().availableProcessors();

    SourceSearch(EmbeddingService embeddings, RetrievalService retrieval, StandaloneQueries standaloneQueries,
            Stages stages, RequestLimits limits) {
        this.embeddings = embeddings;
        this.retrieval = retrieval;
        this.standaloneQueries = standaloneQueries;
        this.stages = stages;
        this.limits = limits;
    }

    Uni<List<RetrievedChunk>> forQuestion(ChatExchange exchange) {
        return search(exchange, exchange.question());
    }

    Uni<List<RetrievedChunk>> forFollowUp(ChatExchange exchange, List<HistoryMessage> earlier) {
        return standaloneQuery(exchange, earlier).chain(query -> search(exchange, query));
    }

    private Uni<List<RetrievedChunk>> search(ChatExchange exchange, String query) {
        // Fewer answers in progress than cores (counted when the stage starts, this one's included): the
        // embedding may use an idle core ahead of the cache's reply.
        return stages.timed(exchange, Stage.EMBEDDING,
                () -> embeddings.embedQuery(query, limits.streamsInUse() < cores),
                embedded -> List.of(Stage.Part.first(Stage.CACHE_LOOKUP, embedded.cacheLookupNanos())))
                .invoke(embedded -> exchange.embeddingCached(embedded.cached()))
                .chain(embedded -> stages.timed(exchange, Stage.RETRIEVAL, () -> find(exchange, query, embedded),
                        found -> found.reranked() ? List.of(Stage.Part.last(Stage.RERANK, found.rerankNanos())) : List.of()))
                .map(Retrieval::sources);
    }

    private Uni<Retrieval> find(ChatExchange exchange, String query, Embedded embedded) {
        return retrieval.search(exchange.caller().tenant(), query, embedded.vector(), exchange.topK(), exchange.filter())
                .onFailure().transform(DatabaseUnavailableException::classify);
    }

    /** The text a follow-up is searched with; the model's rewrite, when it was asked, is the rewrite stage. */
    private Uni<String> standaloneQuery(ChatExchange exchange, List<HistoryMessage> earlier) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return standaloneQueries.of(exchange.question(), earlier).invoke(query -> {
                if (query.askedModel()) {
                    stages.record(exchange, Stage.REWRITE, start, System.nanoTime() - start);
                }
            }).map(StandaloneQuery::text);
        });
    }
}
