package io.ragchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table C, start-up: from launching the JVM to {@code /q/health/started} answering 200 (after the
 * warm-up, when it is on), and the resident memory once idle. The simulator answers at once here, so the
 * times are ragchat's own; with a real cold model the warm-up also waits for the model's load.
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
        GuideScenario.Step allOn = GuideScenario.steps().getLast();
        for (boolean warmUp : List.of(false, true)) {
            Map<String, String> settings = new java.util.LinkedHashMap<>(allOn.settings(options, backend));
            settings.put("ragchat.warm-up.enabled", String.valueOf(warmUp));
            List<Double> ready = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            JsonArray runs = new JsonArray();
            for (int run = 0; run < options.runs(); run++) {
                backend.instant();
                try (AppProcess app = AppProcess.start("tableC-warmup-" + warmUp + "-" + (run + 1), options, settings, List.of())) {
                    AppProcess.sleep(options.smoke() ? 300 : SETTLE_MILLIS);
                    double idle = app.rssMiB();
                    ready.add(app.startToReadyMillis());
                    rss.add(idle);
                    runs.add(new JsonObject().put("startToReadyMs", Stats.round(app.startToReadyMillis()))
                            .put("idleRssMiB", Stats.round(idle)));
                    log.accept("  warm-up %-5s run %d: ready in %d ms, idle RSS %.0f MiB".formatted(warmUp, run + 1,
                            Math.round(app.startToReadyMillis()), idle));
                }
            }
            rows.add(new JsonObject().put("warmUp", warmUp)
                    .put("startToReadyMs", Stats.round(Stats.median(ready)))
                    .put("idleRssMiB", Stats.round(Stats.median(rss)))
                    .put("runs", runs));
        }
        return new JsonObject().put("rows", rows).put("jvmFlags", new JsonArray(AppProcess.JVM_FLAGS));
    }
}
