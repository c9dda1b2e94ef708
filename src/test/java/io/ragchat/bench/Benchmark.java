package io.ragchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragchat bench}: measures ragchat against the performance guide and its own targets, and writes
 * {@code docs/benchmarks.md} and {@code target/bench/results.json}. See {@link BenchOptions#usage()}.
 *
 * <p>Every service it measures is the packaged jar in its own process, with its own database
 * ({@code ragchat_bench}), Redis namespace and free port, talking to the LLM simulator in this JVM (or a
 * real Ollama). Only loopback addresses are used; every loop is bounded in count and time.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested help) {
            System.out.print(BenchOptions.usage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("ragchat bench: " + e.getMessage());
            System.err.print(BenchOptions.usage());
            System.exit(2);
            return;
        }
        try {
            JsonObject results = run(options, line -> System.out.println(line));
            System.out.println("results: " + options.outputDir().resolve(options.soak().enabled() ? "soak.json" : "results.json")
                    + options.markdown().map(m -> ", report: " + m).orElse(""));
            // The simulator's and HTTP clients' threads are daemons or closed; exit explicitly anyway.
            System.exit(results.getJsonArray("failures").isEmpty() ? 0 : 1);
        } catch (RuntimeException e) {
            System.err.println("ragchat bench failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs the tables the options ask for, or the soak, and writes the results; answers them. */
    static JsonObject run(BenchOptions options, Consumer<String> log) {
        return options.soak().enabled() ? soak(options, log) : tables(options, log);
    }

    private static JsonObject tables(BenchOptions options, Consumer<String> log) {
        long start = System.nanoTime();
        JsonObject results = new JsonObject()
                .put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("command", options.command()).put("smoke", options.smoke()).put("runs", options.runs())
                .put("machine", machine(options, "loadAverageBefore"))
                .put("calibrationSources", new JsonArray(Calibration.SOURCES))
                .put("models", new JsonObject().put("large", options.large().describe()).put("small", options.small().describe()));
        JsonArray failures = new JsonArray();
        try (LlmBackend backend = LlmBackend.start(options)) {
            results.put("backend", backend.simulated() ? "LLM simulator (in the benchmark's JVM), " + backend.url()
                    : "Ollama at " + backend.url());
            if (options.tables().contains(BenchOptions.Table.A) || options.tables().contains(BenchOptions.Table.B)) {
                log.accept("== loading the corpus");
                results.put("corpus", loadCorpus(options, backend));
            } else {
                results.put("corpus", new JsonObject().put("files", new JsonArray()).put("chunks", 0));
            }
            step(options, BenchOptions.Table.A, "Table A: the guide's scenario", results, "tableA", failures, log,
                    () -> new GuideScenario(options, backend, log).run());
            step(options, BenchOptions.Table.B, "Table B: overhead under load", results, "tableB", failures, log,
                    () -> new OverheadLoad(options, backend, log).run());
            step(options, BenchOptions.Table.C, "Table C: start-up", results, "tableC", failures, log,
                    () -> new StartupProbe(options, backend, log).run());
            step(options, BenchOptions.Table.P, "Table P: against the peer (plain quarkus-langchain4j)", results, "tableP",
                    failures, log, () -> new PeerComparison(options, backend, log).run());
        }
        step(options, BenchOptions.Table.R, "Retrieval", results, "retrieval", failures, log,
                () -> new RetrievalBench(options, log).run());
        results.getJsonObject("machine").put("loadAverageAfter", loadAverage());
        results.put("targets", Targets.evaluate(results));
        results.put("failures", failures);
        results.put("durationSeconds", Math.round((System.nanoTime() - start) / 1e9));
        ResultsWriter.write(results, options.outputDir().resolve("results.json"), options.markdown());
        return ResultsWriter.sanitized(results);
    }

    /**
     * The soak alone: its own JSON file ({@code soak.json}) and its own section of the report, so the
     * tables' results stay as they are.
     */
    private static JsonObject soak(BenchOptions options, Consumer<String> log) {
        long start = System.nanoTime();
        JsonObject results = new JsonObject()
                .put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("mode", ResultsWriter.SOAK_MODE).put("command", options.command()).put("smoke", options.smoke())
                .put("machine", machine(options, "loadAverageBefore"));
        JsonArray failures = new JsonArray();
        try (LlmBackend backend = LlmBackend.start(options)) {
            results.put("backend", backend.simulated() ? "LLM simulator (in the benchmark's JVM), " + backend.url()
                    : "Ollama at " + backend.url());
            log.accept("== Soak");
            JsonObject soak = new Soak(options, backend, log).run();
            results.put("soak", soak);
            JsonObject verdict = soak.getJsonObject("verdict");
            if (!verdict.getBoolean("zeroErrors")) {
                failures.add(new JsonObject().put("table", "soak").put("error",
                        soak.getJsonObject("answers").getInteger("errors") + " answers failed"));
            }
            if (!verdict.getBoolean("rowsEqualCompleted") || !verdict.getBoolean("everyStoppedAnswerHasItsRow")) {
                failures.add(new JsonObject().put("table", "soak").put("error", "history rows differ from the answers"));
            }
        } catch (RuntimeException e) {
            log.accept("   FAILED: " + e);
            failures.add(new JsonObject().put("table", "soak").put("error", String.valueOf(e)));
        }
        results.getJsonObject("machine").put("loadAverageAfter", loadAverage());
        results.put("failures", failures);
        results.put("durationSeconds", Math.round((System.nanoTime() - start) / 1e9));
        ResultsWriter.write(results, options.outputDir().resolve("soak.json"), options.markdown());
        return ResultsWriter.sanitized(results);
    }

    private interface Table {
        JsonObject run();
    }

    private static void step(BenchOptions options, BenchOptions.Table table, String title, JsonObject results, String key,
            JsonArray failures, Consumer<String> log, Table body) {
        if (!options.tables().contains(table)) {
            return;
        }
        log.accept("== " + title);
        long start = System.nanoTime();
        try {
            JsonObject result = body.run();
            result.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
            results.put(key, result);
        } catch (RuntimeException e) {
            log.accept("   FAILED: " + e);
            failures.add(new JsonObject().put("table", table.name()).put("error", String.valueOf(e)));
        }
    }

    /** A service with default settings ingests the corpus (idempotent), then stops: no measured run pays for it. */
    private static JsonObject loadCorpus(BenchOptions options, LlmBackend backend) {
        backend.instant();
        Map<String, String> settings = Map.of("quarkus.langchain4j.ollama.base-url", backend.url(),
                "ragchat.warm-up.enabled", "false");
        try (AppProcess app = AppProcess.start("corpus", options, settings, List.of())) {
            Corpus.ingest(app);
        }
        int chunks = countChunks(options);
        JsonArray files = new JsonArray();
        Corpus.documents().forEach(p -> files.add(p.toString()));
        return new JsonObject().put("files", files).put("chunks", chunks);
    }

    private static int countChunks(BenchOptions options) {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + options.database(), "ragchat", "ragchat");
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id"
                        + " WHERE d.source LIKE 'bench:%'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static JsonObject machine(BenchOptions options, String loadKey) {
        JsonObject machine = new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
                .put("cpuModel", cpuModel()).put("memoryGiB", memoryGiB()).put(loadKey, loadAverage())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + options.database(), "ragchat", "ragchat");
                Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                machine.put("postgres", "PostgreSQL " + rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
                machine.put("pgvector", rs.next() ? rs.getString(1) : "not installed");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the benchmark's database " + options.database()
                    + " is not reachable (run ./ragchat bench, which sets it up): " + e.getMessage(), e);
        }
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryGiB() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().orElse("MemTotal: 0 kB");
            return Math.round(Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
