package io.ragchat.rerank.client;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.ragchat.rerank.config.RerankConfig;
import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A reranking server over HTTP, in either API shape ({@code ragchat.rerank.http.api}), through a typed REST
 * client whose base URL comes from configuration at run time. Its answer is checked to score every passage
 * exactly once: a reply that does not is as useless as none.
 */
@ApplicationScoped
public class HttpRerankClient {

    private final RerankConfig.Http config;
    private volatile Ranking ranking;

    HttpRerankClient(RerankConfig config) {
        this.config = config.http();
    }

    /**
     * The passages' scores, aligned with them, under the {@code reranker} guard (a timeout, no retry). The
     * guard abandons a timed-out call without stopping it, so the request is handed to {@code started},
     * which can cancel it.
     */
    @ApplyGuard(Guards.RERANKER)
    public Uni<List<Double>> scores(String query, List<String> passages, Consumer<Cancellable> started) {
        return Uni.createFrom().deferred(() -> ranking().rank(query, passages))
                .map(ranks -> aligned(passages.size(), ranks))
                .onSubscription().invoke(subscription -> started.accept(subscription::cancel));
    }

    /** One API shape's call, its answer reduced to (index, score) pairs in the server's order. */
    private interface Ranking {
        Uni<List<Scored>> rank(String query, List<String> passages);
    }

    private record Scored(Integer index, Double score) {
    }

    private static List<Double> aligned(int size, List<Scored> ranks) {
        if (ranks == null || ranks.size() != size) {
            throw new MalformedRankingException("The reranker scored " + (ranks == null ? "no" : ranks.size())
                    + " of " + size + " passages");
        }
        Double[] scores = new Double[size];
        for (Scored rank : ranks) {
            if (rank.index() == null || rank.score() == null || rank.index() < 0 || rank.index() >= size
                    || scores[rank.index()] != null) {
                throw new MalformedRankingException("The reranker answered a score for passage " + rank.index()
                        + " of " + size + " that is missing, out of range or repeated");
            }
            scores[rank.index()] = rank.score();
        }
        return Arrays.asList(scores);
    }

    private Ranking ranking() {
        Ranking current = ranking;
        if (current == null) {
            synchronized (this) {
                if (ranking == null) {
                    ranking = connect();
                }
                current = ranking;
            }
        }
        return current;
    }

    private Ranking connect() {
        URI baseUrl = config.baseUrl().orElseThrow(() -> new IllegalStateException("ragchat.rerank.http.base-url is not set"));
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder().baseUri(baseUrl)
                .clientHeadersFactory(new Bearer(config.apiKey().orElse(null)));
        String model = config.model().orElse(null);
        return switch (config.api()) {
            case tei -> {
                TeiRerankApi tei = builder.build(TeiRerankApi.class);
                yield (query, passages) -> tei.rerank(new TeiRerankApi.Request(query, passages, true))
                        .map(ranks -> ranks == null ? null : ranks.stream().map(r -> new Scored(r.index(), r.score())).toList());
            }
            case cohere -> {
                CohereRerankApi cohere = builder.build(CohereRerankApi.class);
                yield (query, passages) -> cohere.rerank(new CohereRerankApi.Request(model, query, passages, passages.size()))
                        .map(response -> response == null || response.results() == null ? null
                                : response.results().stream().map(r -> new Scored(r.index(), r.relevanceScore())).toList());
            }
        };
    }

    /** {@code Authorization: Bearer <key>} on every request, when a key is configured. */
    private record Bearer(String apiKey) implements ClientHeadersFactory {
        @Override
        public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                MultivaluedMap<String, String> outgoing) {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            if (apiKey != null) {
                headers.putSingle("Authorization", "Bearer " + apiKey);
            }
            return headers;
        }
    }
}
