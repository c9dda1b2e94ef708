package io.ragchat.rerank.service;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.ragchat.rerank.client.HttpRerankClient;
import io.ragchat.rerank.config.RerankConfig;
import io.ragchat.rerank.service.Reranked.Outcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpClosedException;

/**
 * Scores retrieval's candidates against the question with the configured reranker ({@code ragchat.rerank.*}).
 * Reranking only improves an answer that can be given without it, so a reranker that is down, slow or
 * confused never fails one: the caller gets no scores and keeps its own order, the fallback is counted
 * ({@code ragchat_rerank_fallbacks_total{reason}}) and logged at most once a minute. Every call is timed
 * ({@code ragchat_rerank_seconds{result}}). Checked at start, so a reranker configured without its URL
 * refuses to start instead of falling back on every question.
 */
@Startup
@ApplicationScoped
public class Reranker {

    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RerankConfig config;
    private final HttpRerankClient http;
    private final Timer scoredTime;
    private final Timer fallbackTime;
    private final Map<Outcome, Counter> fallbacks = new EnumMap<>(Outcome.class);
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unreported = new AtomicLong();

    Reranker(RerankConfig config, HttpRerankClient http, MeterRegistry registry) {
        if (config.provider() == RerankConfig.Provider.http && config.http().baseUrl().isEmpty()) {
            throw new IllegalStateException("ragchat.rerank.provider=http needs ragchat.rerank.http.base-url"
                    + " (the reranking server, e.g. http://reranker:8080)");
        }
        if (config.candidates() < 1) {
            throw new IllegalStateException("ragchat.rerank.candidates must be at least 1, not " + config.candidates());
        }
        this.config = config;
        this.http = http;
        this.scoredTime = Timer.builder("ragchat.rerank").description("Reranking the candidates of a question")
                .tag("result", "scored").register(registry);
        this.fallbackTime = Timer.builder("ragchat.rerank").description("Reranking the candidates of a question")
                .tag("result", "fallback").register(registry);
        for (Outcome reason : List.of(Outcome.down, Outcome.timeout, Outcome.error)) {
            fallbacks.put(reason, Counter.builder("ragchat.rerank.fallbacks")
                    .description("Questions answered in retrieval's own order because the reranker failed")
                    .tag("reason", reason.name()).register(registry));
        }
        if (enabled()) {
            Log.infof("Reranking the best %d candidates with %s at %s", config.candidates(), config.http().api(),
                    config.http().baseUrl().orElseThrow());
        }
    }

    /** Whether a reranker is configured; when not, {@link #score} answers at once, without scores. */
    public boolean enabled() {
        return config.provider() != RerankConfig.Provider.none;
    }

    /** How many of retrieval's fused candidates to score; the final top-k is taken from them. */
    public int candidates() {
        return config.candidates();
    }

    /**
     * The passages' relevance to the query, aligned with them (higher is more relevant), or no scores when
     * reranking is off or the reranker failed. Never fails.
     */
    public Uni<Reranked> score(String query, List<String> passages) {
        if (!enabled()) {
            return Uni.createFrom().item(Reranked.OFF);
        }
        if (passages.isEmpty()) {
            return Uni.createFrom().item(Reranked.scored(List.of(), 0));
        }
        long start = System.nanoTime();
        Request request = new Request();
        return Uni.createFrom().deferred(() -> http.scores(query, passages, request::started))
                .map(scores -> {
                    long nanos = System.nanoTime() - start;
                    scoredTime.record(nanos, TimeUnit.NANOSECONDS);
                    return Reranked.scored(scores, nanos);
                })
                .onFailure().invoke(request::stop)
                .onFailure().recoverWithItem(failure -> fellBack(failure, System.nanoTime() - start))
                .onCancellation().invoke(request::stop);
    }

    private Reranked fellBack(Throwable failure, long nanos) {
        Outcome reason = reasonOf(failure);
        fallbackTime.record(nanos, TimeUnit.NANOSECONDS);
        fallbacks.get(reason).increment();
        long skipped = unreported.incrementAndGet();
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            unreported.addAndGet(-skipped);
            Log.warnf("Answers keep retrieval's order, the reranker failed (%s): %s (%d since the last report,"
                    + " logged at most once a minute)", reason, failure.toString(), skipped);
        } else {
            Log.debugf("Reranking skipped (%s): %s", reason, failure.toString());
        }
        return Reranked.fellBack(reason, nanos);
    }

    private static Outcome reasonOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return Outcome.timeout;
            }
            // A transport failure is a reranker that is down: a connection refused, or one closed before the
            // reply (the REST client reports a pooled connection that a stopped reranker closed as a bare
            // IOException, or, when the close comes as the request is written, as Vert.x's HttpClosedException).
            // A reply that cannot be read (Jackson's IOExceptions) is the reranker's error.
            if (cause instanceof IOException && !(cause instanceof JsonProcessingException)
                    || cause instanceof HttpClosedException
                    || cause instanceof WebApplicationException http && http.getResponse().getStatus() >= 500) {
                return Outcome.down;
            }
        }
        return Outcome.error;
    }

    /**
     * The request to the reranker, to stop it when the guard gave up on it (which only abandons it) or the
     * caller left; a request that starts after that is stopped as it starts.
     */
    private static final class Request {

        private volatile Cancellable running;
        private volatile boolean stopped;

        void started(Cancellable request) {
            running = request;
            if (stopped) {
                request.cancel();
            }
        }

        void stop() {
            stopped = true;
            Cancellable request = running;
            if (request != null) {
                request.cancel();
            }
        }
    }
}
