package io.ragchat.testing.llm;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulated inference server behind both protocols: it loads models, runs paced generations and
 * embeddings, and hands out the injected faults. The protocol classes ({@link OllamaApi},
 * {@link OpenAiApi}) only parse requests and shape answers.
 */
final class ModelHost {

    /**
     * Embedding vectors with what Ollama reports about them.
     *
     * @param totalNanos time from the request's arrival to the vectors
     */
    record Embeddings(List<float[]> vectors, int promptTokens, long totalNanos, long loadNanos) {

        static JsonArray toJson(float[] vector) {
            JsonArray array = new JsonArray();
            for (float value : vector) {
                array.add(value);
            }
            return array;
        }
    }

    private final Vertx vertx;
    private final ModelRegistry models;
    private final FaultInjector faults;
    private final SimulatorStats stats;

    ModelHost(Vertx vertx, ModelRegistry models, FaultInjector faults, SimulatorStats stats) {
        this.vertx = vertx;
        this.models = models;
        this.faults = faults;
        this.stats = stats;
    }

    ModelRegistry models() {
        return models;
    }

    /** An injected refusal for a request that does no generation (preload, embedding), if one is armed. */
    Optional<Fault.FailBeforeStream> refusal() {
        return faults.take(Fault.FailBeforeStream.class::isInstance).map(Fault.FailBeforeStream.class::cast);
    }

    /** The injected fault a generation meets, if one is armed: a refusal, a mid-stream failure or a stall. */
    Optional<Fault> generationFault() {
        return faults.take(fault -> !(fault instanceof Fault.Down));
    }

    /**
     * Runs a generation for {@code exchange}: load if cold, prefill, tokens to {@code sink}.
     *
     * @param fault the fault {@link #generationFault()} gave this request (a refusal is the caller's)
     */
    void generate(Exchange exchange, String model, Generation.Plan plan, Optional<Fault> fault,
            Generation.Sink sink) {
        ModelRegistry.Lease lease = models.acquire(model, exchange.profile().loadTime());
        new Generation(vertx, stats, lease, plan, fault, sink, exchange.receivedAt()).start(exchange.response());
    }

    /** Loads a model if cold and keeps it for {@code keepAlive}; completes when it is loaded. */
    Future<Void> preload(Exchange exchange, String model, Duration keepAlive) {
        ModelRegistry.Lease lease = models.acquire(model, exchange.profile().loadTime());
        return lease.loaded().onComplete(loaded -> lease.release(keepAlive));
    }

    /** Embeds {@code texts} once the model is loaded and the simulated embedding time has passed. */
    Future<Embeddings> embed(Exchange exchange, String model, List<String> texts, int dimension,
            Duration keepAlive) {
        long startedAt = System.nanoTime();
        int tokens = texts.stream().mapToInt(text -> Prompt.estimateTokens(text.length())).sum();
        ModelRegistry.Lease lease = models.acquire(model, exchange.profile().loadTime());
        return lease.loaded().compose(loaded -> {
            long loadNanos = System.nanoTime() - startedAt;
            return after(exchange.profile().embeddingNanos(tokens)).map(done -> {
                lease.release(keepAlive);
                List<float[]> vectors = texts.stream().map(text -> TrigramEmbedder.embed(text, dimension)).toList();
                return new Embeddings(vectors, tokens, System.nanoTime() - exchange.receivedAt(), loadNanos);
            });
        });
    }

    private Future<Void> after(long nanos) {
        if (nanos <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> elapsed = Promise.promise();
        vertx.setTimer(Math.max(1, (nanos + 999_999) / 1_000_000), id -> elapsed.complete());
        return elapsed.future();
    }
}
