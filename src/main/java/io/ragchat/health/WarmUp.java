package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.ragchat.embedding.cache.EmbeddingCache;
import io.ragchat.embedding.service.EmbeddingSchemaCheck;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.health.config.WarmUpConfig;
import io.ragchat.history.service.HistoryService;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Pays every first-request cost before the service reports started: the schema is checked against the
 * embedding model (opening the database pool), the model is loaded and run once, the Redis connection and
 * Hibernate Reactive are opened with one request each, and the chat model is asked for one token so the
 * model server has it loaded. Until then the startup probe keeps the pod out of rotation.
 */
@ApplicationScoped
public class WarmUp {

    private final EmbeddingService embeddings;
    private final EmbeddingSchemaCheck schema;
    private final AnswerGenerator generator;
    private final ModelRouter router;
    private final WarmUpConfig config;
    private final EmbeddingCache cache;
    private final HistoryService history;
    private volatile boolean done;
    /** What the warm-up found of the chat model, for the started check. */
    private volatile String modelState = "warming";

    WarmUp(EmbeddingService embeddings, EmbeddingSchemaCheck schema, @Selected AnswerGenerator generator,
            ModelRouter router, WarmUpConfig config, EmbeddingCache cache, HistoryService history) {
        this.config = config;
        this.cache = cache;
        this.history = history;
        this.embeddings = embeddings;
        this.schema = schema;
        this.generator = generator;
        this.router = router;
    }

    /** A model that cannot search the stored vectors stops the service here, before it serves anything. */
    void onStart(@Observes StartupEvent event) {
        long start = System.nanoTime();
        schema.verify(embeddings.dimension());
        if (!config.enabled()) {
            modelState = "not warmed: warm-up is off";
            done = true;
            Log.info("Warm-up is off: the first question pays for loading the models");
            return;
        }
        embeddings.warmUp();
        cache.warmUp();
        history.warmUp();
        Infrastructure.getDefaultWorkerPool().execute(() -> warmModel(start));
    }

    public boolean done() {
        return done;
    }

    /** "warm" when the chat model answered its warm-up request, else why it was not warmed. */
    public String modelState() {
        return modelState;
    }

    private void warmModel(long start) {
        try {
            generator.probe(router.fast()).await().atMost(config.modelTimeout());
            modelState = "warm";
            Log.infof("Chat model %s/%s answered its warm-up request", generator.provider(), router.fast().modelId());
        } catch (RuntimeException e) {
            // The model server may come up after us: report started, degraded (the started check says so), and
            // let readiness keep probing it rather than have the kubelet restart a pod that is not at fault.
            modelState = "not answering: " + e.getMessage();
            Log.warnf("Chat model %s/%s did not answer the warm-up request: %s", generator.provider(),
                    router.fast().modelId(), e.getMessage());
        }
        returnStartUpMemory();
        done = true;
        Log.infof("Warm-up done in %d ms", (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Start-up leaves G1's heap committed at the JVM's initial size (a 64th of the machine's memory, 384 MiB on
     * 24 GiB), mostly garbage by now, and the embedding model's file in an 87 MB direct buffer that only a
     * collection frees. G1 gives committed memory back only after a full or a concurrent collection, which a
     * service under a steady load may not run for hours, so both stayed resident. One full collection here,
     * before the service reports started (no request waits on it), returns them: benchmarks.md, "Memory after
     * start-up". {@code -XX:+DisableExplicitGC} turns it off.
     */
    private static void returnStartUpMemory() {
        long start = System.nanoTime();
        System.gc();
        Log.infof("Start-up memory returned in %d ms", (System.nanoTime() - start) / 1_000_000);
    }
}
