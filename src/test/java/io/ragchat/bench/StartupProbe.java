package io.ragchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table C, start-up: from launching the JVM to {@code /q/health/started} answering 200 (after the
 * warm-up, when it is on), and the resident memory once idle, without and with a Java 25 AOT cache
 * trained the way {@code ./ragchat demo} trains one. The simulator answers at once here, so the times are
 * ragchat's own; with a real cold model the warm-up also waits for the model's load.
 */
final class StartupProbe {

    private static final long SETTLE_MILLIS = 2_000;

    private final BenchOptions options;
    private final LlmBackend backend;
    private final Consumer<String> log;

    StartupProbe(BenchOptions options, LlmBackend backend, Consumer<String> log) {
        this.options = options;
        this.backend = backend;
        this.log = log;
    }

    JsonObject run() {
        JsonArray rows = new JsonArray();
        Path cache = options.outputDir().toAbsolutePath().resolve("app.aot");
        boolean aot = !options.smoke() && trainAotCache(options, backend, cache, log);
        for (boolean useAot : aot ? List.of(false, true) : List.of(false)) {
            for (boolean warmUp : List.of(false, true)) {
                rows.add(row(warmUp, List.of(useAot ? "-XX:AOTCache=" + cache : "-XX:AOTMode=off"), useAot));
            }
        }
        return new JsonObject().put("rows", rows).put("jvmFlags", new JsonArray(AppProcess.JVM_FLAGS))
                .put("aotCache", aot ? cache.toString() : null);
    }

    private JsonObject row(boolean warmUp, List<String> jvm, boolean aot) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(GuideScenario.steps().getLast().settings(options, backend));
        settings.put("ragchat.warm-up.enabled", String.valueOf(warmUp));
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        JsonArray runs = new JsonArray();
        for (int run = 0; run < options.runs(); run++) {
            backend.instant();
            String name = "tableC-warmup-" + warmUp + (aot ? "-aot" : "") + "-" + (run + 1);
            try (AppProcess app = AppProcess.start(name, options, settings, jvm)) {
                AppProcess.sleep(options.smoke() ? 300 : SETTLE_MILLIS);
                double idle = app.rssMiB();
                ready.add(app.startToReadyMillis());
                rss.add(idle);
                runs.add(new JsonObject().put("startToReadyMs", Stats.round(app.startToReadyMillis()))
                        .put("idleRssMiB", Stats.round(idle)));
                log.accept("  warm-up %-5s%s run %d: ready in %d ms, idle RSS %.0f MiB".formatted(warmUp,
                        aot ? ", AOT cache" : "", run + 1, Math.round(app.startToReadyMillis()), idle));
            }
        }
        return new JsonObject().put("warmUp", warmUp).put("aotCache", aot)
                .put("startToReadyMs", Stats.round(Stats.median(ready)))
                .put("idleRssMiB", Stats.round(Stats.median(rss)))
                .put("runs", runs);
    }

    /**
     * A Java 25 AOT cache as {@code ./ragchat demo} makes one: a training run (warm-up on, one streamed
     * question) with {@code -XX:AOTCacheOutput}; the JVM writes the cache when it stops. Answers whether
     * one was written.
     */
    static boolean trainAotCache(BenchOptions options, LlmBackend backend, Path cache, Consumer<String> log) {
        try {
            Files.deleteIfExists(cache);
            backend.instant();
            Map<String, String> settings = GuideScenario.steps().getLast().settings(options, backend);
            try (AppProcess app = AppProcess.start("tableC-aot-training", options, settings,
                    List.of("-XX:AOTCacheOutput=" + cache))) {
                new ChatProbe(app).ask("What is ragchat?", null, true);
            }
            boolean written = Files.size(cache) > 0;
            log.accept("  AOT cache trained: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)");
            return written;
        } catch (IOException | RuntimeException e) {
            log.accept("  no AOT cache (" + e.getMessage() + "); start-up measured without it");
            return false;
        }
    }
}
