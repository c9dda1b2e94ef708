package io.ragchat.embedding.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.quarkus.logging.Log;
import io.ragchat.embedding.cache.EmbeddingCache;
import io.ragchat.embedding.config.EmbeddingConfig;
import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Turns questions and passages into vectors, through the embedding cache. Computing a vector is blocking
 * work (ONNX in-process, or a blocking HTTP call to Ollama), so it always runs on the worker pool, never on
 * the event loop.
 */
@ApplicationScoped
public class EmbeddingService {

    public static final String OLLAMA = "ollama";

    private final EmbeddingConfig config;
    private final EmbeddingCache cache;
    private final Instance<EmbeddingModel> ollamaModel;
    private volatile EmbeddingModel model;
    private final String queryPrefix;
    private final String passagePrefix;
    private final String modelId;

    EmbeddingService(EmbeddingConfig config, EmbeddingCache cache, Instance<EmbeddingModel> ollamaModel) {
        this.config = config;
        this.cache = cache;
        this.ollamaModel = ollamaModel;
        if (OLLAMA.equals(config.model())) {
            this.queryPrefix = "";
            this.passagePrefix = "";
        } else {
            EmbeddingModelSpec spec = EmbeddingModelSpec.byId(config.model());
            spec.requireAvailable();
            this.queryPrefix = spec.queryPrefix();
            this.passagePrefix = spec.passagePrefix();
        }
        this.modelId = config.model();
    }

    /** The configured model's id, recorded with every stored chunk. */
    public String modelId() {
        return modelId;
    }

    /**
     * The dimension of the model's vectors: known for the in-process models, asked of the model server
     * otherwise (blocking; called from start-up).
     */
    public int dimension() {
        return OLLAMA.equals(modelId) ? embedRemotely(List.of("dimension")).get(0).length
                : EmbeddingModelSpec.byId(modelId).dimension();
    }

    /** Loads the model and computes one vector, so the first question pays neither. Blocking: start-up. */
    public void warmUp() {
        long start = System.nanoTime();
        embedBlocking(List.of(passagePrefix + "warm-up"));
        Log.infof("Embedding model %s ready in %d ms", modelId, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The vector of a question, from the cache when it was asked before. Redis is asked first, and the vector
     * computed after a miss; but with {@code spareCore} (the caller knows a core is idle), an in-process model
     * starts computing at once, and whichever has the vector first answers: on an idle service a miss then
     * waits for no round trip to Redis (1.3–1.6 ms in the service at one stream, against 0.45 ms for a bare
     * client's back-to-back lookups: most of it is waking an idle machine's threads). A hit makes the
     * computation useless: it is skipped when it has not started yet, and otherwise only took the idle core.
     * Ollama's vectors are never computed ahead: that core is the model server's. Nothing starts before the
     * returned Uni is subscribed to.
     */
    public Uni<Embedded> embedQuery(String question, boolean spareCore) {
        String text = queryPrefix + question;
        String key = cache.key(modelId, text);
        long start = System.nanoTime();
        float[] kept = cache.getLocal(key);
        if (kept != null) {
            return Uni.createFrom().item(new Embedded(kept, true, System.nanoTime() - start));
        }
        if (spareCore && !OLLAMA.equals(modelId)) {
            return Uni.createFrom().deferred(() -> lookupWhileComputing(key, text, start));
        }
        return cache.getShared(key).onItem().transformToUni(cached -> {
            long lookup = System.nanoTime() - start;
            if (cached != null) {
                return Uni.createFrom().item(new Embedded(cached, true, lookup));
            }
            return compute(List.of(text)).map(vectors -> {
                cache.put(key, vectors.get(0));
                return new Embedded(vectors.get(0), false, lookup);
            });
        });
    }

    /**
     * Redis asked while the vector is computed, the first to have it answering (a cached vector and a computed one
     * are the same). The lookup always runs to its end, so the cache's hits, misses and errors count as on the
     * other way. The lookup's time is how long it took, or, when the computation won, how long it had run.
     */
    private Uni<Embedded> lookupWhileComputing(String key, String text, long start) {
        CompletableFuture<float[]> computing = CompletableFuture.supplyAsync(() -> embedBlocking(List.of(text)).get(0),
                Infrastructure.getDefaultWorkerPool());
        CompletableFuture<Embedded> first = new CompletableFuture<>();
        AtomicLong lookupNanos = new AtomicLong(-1);
        cache.getShared(key).subscribe().with(cached -> {
            lookupNanos.set(System.nanoTime() - start);
            if (cached != null && first.complete(new Embedded(cached, true, lookupNanos.get()))) {
                computing.cancel(false);
            }
        });
        computing.whenComplete((vector, failure) -> {
            if (failure instanceof CancellationException) {
                return;
            }
            if (failure != null) {
                first.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
                return;
            }
            long lookup = lookupNanos.get();
            if (first.complete(new Embedded(vector, false, lookup >= 0 ? lookup : System.nanoTime() - start))) {
                cache.put(key, vector);
            }
        });
        return Uni.createFrom().completionStage(first);
    }

    /** The vectors of passages, in order; cached ones are reused and the rest computed in batches. */
    public Uni<List<float[]>> embedPassages(List<String> passages) {
        List<String> texts = passages.stream().map(p -> passagePrefix + p).toList();
        return cache.getAll(modelId, texts).onItem().transformToUni(cached -> {
            List<String> missing = texts.stream().filter(t -> !cached.containsKey(t)).distinct().toList();
            return computeInBatches(missing).map(computed -> {
                Map<String, float[]> vectors = new HashMap<>(cached);
                for (int i = 0; i < missing.size(); i++) {
                    vectors.put(missing.get(i), computed.get(i));
                    cache.put(modelId, missing.get(i), computed.get(i));
                }
                return texts.stream().map(vectors::get).toList();
            });
        });
    }

    private Uni<List<float[]>> computeInBatches(List<String> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().item(() -> {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += config.batchSize()) {
                vectors.addAll(embedBlocking(texts.subList(from, Math.min(texts.size(), from + config.batchSize()))));
            }
            return vectors;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<List<float[]>> compute(List<String> texts) {
        return Uni.createFrom().item(() -> embedBlocking(texts)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<float[]> embedBlocking(List<String> texts) {
        return OLLAMA.equals(modelId) ? embedRemotely(texts) : embedWith(model(), texts);
    }

    /** The embedding server's vectors, under the {@code embedding-server} guard (idempotent, so retried). */
    @ApplyGuard(Guards.EMBEDDING_SERVER)
    List<float[]> embedRemotely(List<String> texts) {
        return embedWith(model(), texts);
    }

    private static List<float[]> embedWith(EmbeddingModel model, List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(e -> e.vector())
                .toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = OLLAMA.equals(modelId) ? ollamaModel.get()
                            : EmbeddingModelSpec.byId(modelId).load(config.onnxThreads());
                }
                loaded = model;
            }
        }
        return loaded;
    }

    /** A vector, whether it came from the cache, and how long asking the cache took. */
    public record Embedded(float[] vector, boolean cached, long cacheLookupNanos) {
    }
}
