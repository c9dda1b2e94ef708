package io.ragchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table P, ragchat against the peer: the plain quarkus-langchain4j app a Quarkus user would write instead,
 * measured with the peer's own harness (its README: a fake Ollama, a start script per service, a load
 * client) the way its {@code compare.sh} runs it: both services up, 1, 8 and 32 streams of new and of
 * repeated questions with the services alternating, then start-ups of each. ragchat runs from
 * {@code target/quarkus-app} with the AOT cache {@code ./ragchat demo} trains (trained here when missing or
 * older than the build). Skipped, with the reason, when the harness is not there.
 */
final class PeerComparison {

    static final List<Integer> STREAMS = List.of(1, 8, 32);
    /** Questions per stream and cell, as compare.sh asks them. */
    private static final int REQUESTS = 20;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern FIELD = Pattern.compile("(\\w+)=([^\\s']+)");
    private static final List<Service> SERVICES = List.of(new Service("peer", "run-peer.sh", "PEER", "PEER_PORT"),
            new Service("ragchat", "run-ragchat.sh", "RAGCHAT", "RAGCHAT_PORT"));

    /**
     * One side: its name in the harness's load client, its start script, the line that script prints and the
     * variable that gives its port.
     */
    private record Service(String mode, String script, String startLine, String portVariable) {

        String url(Map<String, String> env) {
            return "http://127.0.0.1:" + env.get(portVariable);
        }
    }

    private final BenchOptions options;
    private final LlmBackend backend;
    private final Consumer<String> log;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path logs;

    PeerComparison(BenchOptions options, LlmBackend backend, Consumer<String> log) {
        this.options = options;
        this.backend = backend;
        this.log = log;
        this.logs = options.outputDir().toAbsolutePath().resolve("logs");
    }

    JsonObject run() {
        Path harness = options.peerHarness().toAbsolutePath().normalize();
        if (!Files.isRegularFile(harness.resolve("compare.sh"))) {
            log.accept("  no peer harness at " + harness + ": skipped");
            return new JsonObject().put("skipped", "no peer harness at " + harness);
        }
        Map<String, String> env = environment();
        ensurePeerBuilt(harness, env);
        boolean aot = ensureAotCache();
        env.put("RAGCHAT_AOT", aot ? "1" : "0");
        Process fake = startFakeOllama(harness, env);
        try {
            JsonObject result = new JsonObject().put("harness", harness.toString()).put("aotCache", aot)
                    .put("requestsPerStream", REQUESTS);
            JsonArray starts = new JsonArray();
            for (Service service : SERVICES) {
                starts.add(start(harness, service, env));
            }
            result.put("cells", latency(harness, env));
            for (int run = 1; run < options.runs(); run++) {
                for (Service service : SERVICES) {
                    script(harness, service.script(), env, "stop");
                    starts.add(start(harness, service, env));
                }
            }
            return result.put("starts", starts).put("summary", summary(result.getJsonArray("cells"), starts));
        } finally {
            for (Service service : SERVICES) {
                script(harness, service.script(), env, "stop");
            }
            fake.destroy();
            awaitExit(fake);
        }
    }

    private JsonArray latency(Path harness, Map<String, String> env) {
        JsonArray cells = new JsonArray();
        for (int streams : STREAMS) {
            for (boolean repeated : List.of(false, true)) {
                for (Service service : SERVICES) {
                    List<String> args = new ArrayList<>(List.of("--url", service.url(env), "--mode",
                            service.mode(), "--streams", String.valueOf(streams), "--requests", String.valueOf(REQUESTS),
                            "--ollama", env.get("OLLAMA_URL")));
                    if (repeated) {
                        args.addAll(List.of("--repeat", "--warmup", "2"));
                    }
                    // A run with failed answers exits non-zero; its RESULT line counts them, and the table shows them.
                    String out = run(java(harness.resolve("Load.java"), args), env, "peer-load", true);
                    JsonObject cell = resultLine(out);
                    log.accept("  %-7s %2d stream(s), %-8s questions: first token p50 %s ms (minus the fake's own), %s answers/s"
                            .formatted(service.mode(), streams, repeated ? "repeated" : "new",
                                    cell.getValue("ttftP50MinusFakeMs"), cell.getValue("answersPerSecond")));
                    cells.add(cell.put("service", service.mode()).put("repeated", repeated));
                }
            }
        }
        return cells;
    }

    /** The figures of a load run's {@code RESULT} line, time to first token also net of the fake's own. */
    static JsonObject resultLine(String output) {
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("the load client printed no RESULT line:\n" + output));
        Map<String, String> fields = fields(line);
        double fake = Double.parseDouble(fields.get("fake_ttft_p50"));
        double fakeOwn = Double.isNaN(fake) ? 0 : fake;
        return new JsonObject().put("streams", Integer.parseInt(fields.get("streams")))
                .put("answers", Integer.parseInt(fields.get("n"))).put("errors", Integer.parseInt(fields.get("errors")))
                .put("ttftP50MinusFakeMs", Stats.round(Double.parseDouble(fields.get("ttft_p50")) - fakeOwn))
                .put("ttftP99MinusFakeMs", Stats.round(Double.parseDouble(fields.get("ttft_p99")) - fakeOwn))
                .put("answersPerSecond", Double.parseDouble(fields.get("answers_per_s")));
    }

    /** The {@code key=value} pairs of a harness line. */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        return fields;
    }

    /**
     * The table: per stream count and kind of question, both services' figures and ragchat / peer for time to
     * first token p50 and p99 and answers per second; over the start-ups, the medians of start to first
     * answer and of RSS after the warm-up, and their ratios.
     */
    static JsonObject summary(JsonArray cells, JsonArray starts) {
        JsonArray rows = new JsonArray();
        for (int streams : STREAMS) {
            for (boolean repeated : List.of(false, true)) {
                JsonObject peer = cell(cells, "peer", streams, repeated);
                JsonObject ragchat = cell(cells, "ragchat", streams, repeated);
                if (peer != null && ragchat != null) {
                    rows.add(new JsonObject().put("streams", streams).put("repeated", repeated).put("peer", peer)
                            .put("ragchat", ragchat).put("ratio", new JsonObject()
                                    .put("ttftP50", ratio(ragchat, peer, "ttftP50MinusFakeMs"))
                                    .put("ttftP99", ratio(ragchat, peer, "ttftP99MinusFakeMs"))
                                    .put("answersPerSecond", ratio(ragchat, peer, "answersPerSecond"))));
                }
            }
        }
        JsonObject summary = new JsonObject().put("rows", rows);
        for (String figure : List.of("first_answer_ms", "rss_after_warmup_mib")) {
            double peer = medianOf(starts, "peer", figure);
            double ragchat = medianOf(starts, "ragchat", figure);
            summary.put(figure, new JsonObject().put("peer", peer).put("ragchat", ragchat)
                    .put("ratio", hundredths(ragchat / peer)));
        }
        return summary;
    }

    private static JsonObject cell(JsonArray cells, String service, int streams, boolean repeated) {
        return cells.stream().map(JsonObject.class::cast).filter(c -> c.getString("service").equals(service)
                && c.getInteger("streams") == streams && c.getBoolean("repeated") == repeated).findFirst().orElse(null);
    }

    private static double ratio(JsonObject ragchat, JsonObject peer, String figure) {
        return hundredths(ragchat.getDouble(figure) / peer.getDouble(figure));
    }

    /** Ratios to two places: the targets (0.7, 0.5, 0.8) sit where one place would round across them. */
    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double medianOf(JsonArray starts, String service, String figure) {
        return Stats.round(Stats.median(starts.stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("service").equals(service))
                .map(s -> Double.parseDouble(s.getString(figure))).toList()));
    }

    private JsonObject start(Path harness, Service service, Map<String, String> env) {
        String out = script(harness, service.script(), env, "start");
        String line = out.lines().filter(l -> l.startsWith(service.startLine() + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.script() + " start printed no start line:\n" + out));
        JsonObject start = new JsonObject().put("service", service.mode());
        fields(line).forEach(start::put);
        log.accept("  %-7s started: first answer %s ms after launch, RSS after warm-up %s MiB".formatted(service.mode(),
                start.getString("first_answer_ms"), start.getString("rss_after_warmup_mib")));
        return start;
    }

    /** The peer's packaged app, built once into target/peer by its own script. */
    private void ensurePeerBuilt(Path harness, Map<String, String> env) {
        if (!Files.isRegularFile(root.resolve("target/peer/app/target/quarkus-app/quarkus-run.jar"))) {
            log.accept("  building the peer (once, about 20 s)");
            script(harness, "run-peer.sh", env, "build");
        }
    }

    /**
     * ragchat's AOT cache where {@code ./ragchat demo} keeps it, trained as the demo trains it when missing or
     * older than the build: the harness starts ragchat with it, as a deployment would.
     */
    private boolean ensureAotCache() {
        Path app = root.resolve("target/quarkus-app");
        Path cache = app.resolve("app.aot");
        try {
            if (Files.isRegularFile(cache) && Files.getLastModifiedTime(cache)
                    .compareTo(Files.getLastModifiedTime(app.resolve("quarkus-run.jar"))) > 0) {
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StartupProbe.trainAotCache(options, backend, cache, log);
    }

    /**
     * What the harness's scripts read: this checkout, the JDK and JVM options the benchmark runs services
     * with, free ports for the fake and both services.
     */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAIN", root.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        List<String> jvm = new ArrayList<>(AppProcess.JVM_FLAGS);
        jvm.addAll(options.jvmOptions());
        env.put("JAVA_OPTS", String.join(" ", jvm));
        env.put("OLLAMA_URL", "http://127.0.0.1:" + AppProcess.freePort());
        for (Service service : SERVICES) {
            env.put(service.portVariable(), String.valueOf(AppProcess.freePort()));
        }
        return env;
    }

    private Process startFakeOllama(Path harness, Map<String, String> env) {
        String url = env.get("OLLAMA_URL");
        List<String> command = List.of(javaCommand(), harness.resolve("FakeOllama.java").toString(),
                url.substring(url.lastIndexOf(':') + 1));
        try {
            Files.createDirectories(logs);
            Process fake = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("peer-fake-ollama.log").toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            for (int attempt = 0; attempt < 120; attempt++) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(url + "/api/tags")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return fake;
                    }
                } catch (IOException notYet) {
                    // still compiling and starting
                }
                if (!fake.isAlive()) {
                    break;
                }
                AppProcess.sleep(250);
            }
            fake.destroy();
            throw new IllegalStateException("the peer's fake Ollama did not start; see " + logs.resolve("peer-fake-ollama.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String script(Path harness, String script, Map<String, String> env, String command) {
        return run(List.of("bash", harness.resolve(script).toString(), command), env,
                "peer-" + script.replace(".sh", ""), false);
    }

    private static List<String> java(Path source, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), source.toString()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs a harness command from this checkout's root and answers its output; its log lines go to
     * {@code logName.log}. A non-zero exit fails unless {@code exitMayFail}.
     */
    private String run(List<String> command, Map<String, String> env, String logName, boolean exitMayFail) {
        try {
            Files.createDirectories(logs);
            Path out = Files.createTempFile(logs, logName, ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile())
                    .redirectError(Redirect.appendTo(logs.resolve(logName + ".log").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + STEP_TIMEOUT);
            }
            String output = Files.readString(out);
            Files.delete(out);
            if (process.exitValue() != 0 && !exitMayFail) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "; see " + logs.resolve(logName + ".log") + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
