package io.ragchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table C, start-up: from launching the JVM to {@code /q/health/started} answering 200 (after the
 * warm-up, when it is on), and the resident memory once idle, without and with a Java 25 AOT cache
 * trained the way {@code ./ragchat demo} trains one. The simulator answers at once here, so the times are
 * ragchat's own; with a real cold model the warm-up also waits for the model's load.
 */
final class StartupProbe {

    private static final int TRAINING_CALLERS = 32;
    private static final List<String> TRAINING_QUESTIONS = List.of("What does the guide say about %s?",
            "How do I set up %s?", "Why does %s matter?");
    /** A Markdown heading with words in it, as the demo's training reads them. */
    private static final Pattern HEADING = Pattern.compile("^#+ +(.*[a-z].*)$");

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
     * A Java 25 AOT cache as {@code ./ragchat demo} makes one: a training run (warm-up on) with
     * {@code -XX:AOTCacheOutput} that loads the corpus and serves {@link #trainingWorkload}; the JVM writes
     * the cache when it stops. Answers whether one was written.
     */
    static boolean trainAotCache(BenchOptions options, LlmBackend backend, Path cache, Consumer<String> log) {
        try {
            Files.deleteIfExists(cache);
            backend.instant();
            Map<String, String> settings = GuideScenario.steps().getLast().settings(options, backend);
            try (AppProcess app = AppProcess.start("tableC-aot-training", options, settings,
                    List.of("-XX:AOTCacheOutput=" + cache))) {
                Corpus.ingest(app);
                // The smoke run only proves the workload runs: a second of it.
                trainingWorkload(new ChatProbe(app), Duration.ofSeconds(options.smoke() ? 1 : 40));
            }
            boolean written = Files.size(cache) > 0;
            log.accept("  AOT cache trained: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)");
            return written;
        } catch (IOException | RuntimeException e) {
            log.accept("  no AOT cache (" + e.getMessage() + "); start-up measured without it");
            return false;
        }
    }

    /**
     * What {@code ./ragchat demo}'s training run serves (its {@code serve_training_workload}): 32 callers at once
     * asking about the corpus's headings three ways, round and round, for {@code time} (the demo's: 40 s). The
     * cache keeps the run's method profiles (JEP 515), so the services started from it compile the answer path
     * early.
     */
    private static void trainingWorkload(ChatProbe probe, Duration time) {
        List<String> topics = Corpus.documents().stream().flatMap(StartupProbe::headings).toList();
        long deadline = System.nanoTime() + time.toNanos();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int caller = 0; caller < Math.min(TRAINING_CALLERS, topics.size()); caller++) {
                List<String> questions = callersQuestions(topics, caller);
                callers.submit(() -> {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        probe.ask(questions.get(i % questions.size()), null, true);
                    }
                });
            }
        }
    }

    /** Every {@link #TRAINING_CALLERS}-th topic from {@code caller}'s, asked each of the three ways. */
    private static List<String> callersQuestions(List<String> topics, int caller) {
        List<String> questions = new ArrayList<>();
        for (String form : TRAINING_QUESTIONS) {
            for (int i = caller; i < topics.size(); i += TRAINING_CALLERS) {
                questions.add(form.formatted(topics.get(i)));
            }
        }
        return questions;
    }

    private static Stream<String> headings(Path document) {
        try {
            return Files.readAllLines(document).stream().map(HEADING::matcher).filter(Matcher::matches)
                    .map(heading -> heading.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
