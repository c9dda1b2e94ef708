package io.ragchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ragchat.testing.RedisNamespace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The soak test ({@code --soak}): {@code --soak-streams} clients keep the packaged service busy for
 * {@code --soak-duration} against the simulated small model at its calibrated pace, every guide step on.
 * Each client is a closed loop of users: it starts a conversation or continues its current one (up to
 * {@value #MAX_TURNS} turns), asks either one of the corpus's questions word for word (a cache hit once
 * asked) or a new variant (a miss), and reads the answer as a stream (most), as one JSON document, or
 * stops the stream at its first token as a user pressing Stop does (who then reads a moment before asking
 * again). The mix is seeded per client, so two runs ask the same sequence.
 *
 * <p>It reports whether any answer failed, the service's resident memory and heap every few seconds with
 * the least-squares trend after the warm-up window, the heap after a full GC at the end, and whether the
 * history table holds exactly one row per answer, matched by id once the background writer has drained:
 * a {@code complete} row for every completed answer, a row for every stopped one, and no other.
 */
final class Soak {

    static final int MAX_TURNS = 5;
    static final double FOLLOW_UP_SHARE = 0.5;
    static final double POPULAR_SHARE = 0.4;
    static final double STOP_SHARE = 0.05;
    static final double JSON_SHARE = 0.10;
    /**
     * A user who pressed Stop reads what came before asking again. Without it a client can send its follow-up
     * before the service has even seen the stop, when the conversation of a stopped first answer does not
     * exist yet (a 404; see "What the soak found" in docs/benchmarks.md).
     */
    static final long PAUSE_AFTER_STOP_MILLIS = 2_000;
    /**
     * The RSS is called flat when neither its trend after the warm-up nor the trend of the last half of that
     * would add this share of the RSS in an hour. Only growth counts: the heap's own sizing can shrink the
     * RSS in one step at any time (G1 gives memory back), which is not a leak.
     */
    static final double FLAT_GROWTH_PER_HOUR = 0.10;
    /** The live heap after a full GC may grow less than this, in percent, from the warm-up's end to the end. */
    static final double LIVE_HEAP_GROWTH_PERCENT = 5;
    /** The class histogram's last line: {@code Total <instances> <bytes>}. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);
    private static final Duration HISTORY_LIMIT = Duration.ofMinutes(1);
    private static final Pattern HEAP_USED = metric("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}");
    private static final Pattern LIVE_DATA = metric("jvm_gc_live_data_size_bytes(?:\\{[^}]*\\})?");
    private static final Pattern STREAMS_ACTIVE = metric("ragchat_streams_active(?:\\{[^}]*\\})?");
    private static final Pattern QUEUE_DEPTH = metric("ragchat_history_queue_depth(?:\\{[^}]*\\})?");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern WRITE_FAILURES = metric("ragchat_history_write_failures_total(?:\\{[^}]*\\})?");

    enum Kind {
        STREAMED, WHOLE, STOPPED
    }

    /**
     * One request: how it was read, what came back, how the previous answer of its conversation was read
     * (null for a new conversation), and when it ended (seconds since the load began).
     */
    record Outcome(Kind kind, ChatProbe.Answer answer, Kind followUpTo, double endedAtSeconds) {
    }

    /** One memory sample of the service, seconds since the load began. */
    record Sample(double seconds, double rssMiB, double heapUsedMiB, double liveDataMiB, double activeStreams,
            double historyQueue) {
    }

    private final BenchOptions options;
    private final LlmBackend backend;
    private final Consumer<String> log;

    Soak(BenchOptions options, LlmBackend backend, Consumer<String> log) {
        this.options = options;
        this.backend = backend;
        this.log = log;
    }

    JsonObject run() {
        BenchOptions.Soak soak = options.soak();
        Map<String, String> settings = GuideScenario.steps().getLast().settings(options, backend);
        backend.coldModels(options.small());
        RedisNamespace.flush(options.cacheNamespace());
        JsonObject result = new JsonObject().put("streams", soak.streams())
                .put("durationSeconds", soak.duration().toSeconds()).put("warmUpSeconds", soak.warmUp().toSeconds())
                .put("sampleIntervalSeconds", soak.sampleInterval().toSeconds())
                .put("model", options.small().describe())
                .put("mix", new JsonObject().put("followUpShare", FOLLOW_UP_SHARE).put("maxTurns", MAX_TURNS)
                        .put("popularQuestionShare", POPULAR_SHARE).put("jsonShare", JSON_SHARE).put("stopShare", STOP_SHARE))
                .put("settings", new JsonObject(new LinkedHashMap<>(settings)));
        try (AppProcess app = AppProcess.start("soak", options, settings, List.of())) {
            result.put("startToReadyMs", Stats.round(app.startToReadyMillis())).put("idleRssMiB", Stats.round(app.rssMiB()));
            // Idempotent: unchanged documents are not embedded again. Before the load, so no answer waits for it.
            result.put("corpusChunks", Corpus.ingest(app));
            log.accept("  service ready in %d ms; %d streams for %s (memory trend after %s)".formatted(
                    Math.round(app.startToReadyMillis()), soak.streams(), soak.duration(), soak.warmUp()));
            ChatProbe probe = new ChatProbe(app);
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean sampling = new AtomicBoolean(true);
            long start = System.nanoTime();
            JsonObject liveAtWarmUpEnd = new JsonObject();
            Thread sampler = Thread.ofPlatform().daemon().name("soak-sampler").start(() -> {
                while (sampling.get()) {
                    samples.add(sample(app, start));
                    if (liveAtWarmUpEnd.isEmpty() && seconds(start) >= soak.warmUp().toMillis() / 1000.0) {
                        liveAtWarmUpEnd.mergeIn(liveHeap(app));
                    }
                    AppProcess.sleep(soak.sampleInterval().toMillis());
                }
            });
            List<Outcome> outcomes = load(probe, start, soak);
            double loadSeconds = seconds(start);
            sampling.set(false);
            join(sampler);
            samples.add(sample(app, start));

            JsonObject history = awaitHistory(app, outcomes);
            String metrics = app.metrics();
            JsonObject liveAtEnd = liveHeap(app);
            JsonObject afterGc = heapAfterFullGc(app);
            result.put("loadSeconds", Stats.round(loadSeconds))
                    .put("answers", answers(outcomes, loadSeconds, soak))
                    .put("history", history.put("writeFailures", OverheadLoad.counter(metrics, WRITE_FAILURES)))
                    .put("memory", memory(samples, soak, app).put("afterFullGc", afterGc)
                            .put("liveHeap", liveHeapGrowth(liveAtWarmUpEnd, liveAtEnd)))
                    .put("conversations", outcomes.stream().map(o -> o.answer().conversationId()).filter(c -> c != null)
                            .distinct().count());
        }
        result.put("verdict", verdict(result));
        JsonObject answers = result.getJsonObject("answers");
        JsonObject memory = result.getJsonObject("memory");
        log.accept("  %d completed, %d stopped, %d errors; complete rows of completed answers %s, rows of no answer %s; RSS %s → %s MiB, trend %s MiB/min"
                .formatted(answers.getInteger("completed"), answers.getInteger("stopped"), answers.getInteger("errors"),
                        result.getJsonObject("history").getValue("completedAnswersWithCompleteRow"),
                        result.getJsonObject("history").getValue("rowsOfNoAnswer"), memory.getValue("rssAtWarmUpEndMiB"),
                        memory.getValue("rssAtEndMiB"), memory.getValue("rssSlopeMiBPerMinute")));
        return result;
    }

    /** Runs the clients until the duration is over; each finishes the answer it is reading. */
    private List<Outcome> load(ChatProbe probe, long start, BenchOptions.Soak soak) {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long deadline = start + soak.duration().toNanos();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int s = 0; s < soak.streams(); s++) {
            int stream = s;
            clients.submit(() -> user(probe, stream, start, deadline, outcomes));
        }
        clients.shutdown();
        try {
            if (!clients.awaitTermination(soak.duration().plus(DRAIN_LIMIT).toMillis(), TimeUnit.MILLISECONDS)) {
                clients.shutdownNow();
                log.accept("  some streams were still open " + DRAIN_LIMIT + " after the end; they count as errors");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.shutdownNow();
        }
        return new ArrayList<>(outcomes);
    }

    private static void user(ChatProbe probe, int stream, long start, long deadline, List<Outcome> outcomes) {
        Random random = new Random(31L * stream + 7);
        UUID conversation = null;
        Kind previous = null;
        int turns = 0;
        for (int n = 0; System.nanoTime() < deadline; n++) {
            if (conversation == null || turns >= MAX_TURNS || random.nextDouble() >= FOLLOW_UP_SHARE) {
                conversation = null;
                turns = 0;
            }
            String question = Corpus.QUESTIONS.get(random.nextInt(Corpus.QUESTIONS.size()));
            if (random.nextDouble() >= POPULAR_SHARE) {
                question += " (soak stream " + stream + ", question " + n + ")";
            }
            double roll = random.nextDouble();
            Kind kind = roll < STOP_SHARE ? Kind.STOPPED : roll < STOP_SHARE + JSON_SHARE ? Kind.WHOLE : Kind.STREAMED;
            ChatProbe.Answer answer = switch (kind) {
                case STOPPED -> probe.askAndStop(question, conversation);
                case WHOLE -> probe.ask(question, conversation, false);
                case STREAMED -> probe.ask(question, conversation, true);
            };
            outcomes.add(new Outcome(kind, answer, conversation == null ? null : previous, seconds(start)));
            if (answer.ok() && answer.conversationId() != null) {
                conversation = answer.conversationId();
                previous = kind;
                turns++;
            } else {
                conversation = null;
            }
            if (kind == Kind.STOPPED) {
                AppProcess.sleep(PAUSE_AFTER_STOP_MILLIS);
            }
        }
    }

    private static JsonObject answers(List<Outcome> outcomes, double loadSeconds, BenchOptions.Soak soak) {
        int completed = 0;
        int stopped = 0;
        int errors = 0;
        int streamed = 0;
        int cacheHits = 0;
        Map<String, Integer> errorKinds = new HashMap<>();
        List<Double> firstToken = new ArrayList<>();
        for (Outcome o : outcomes) {
            ChatProbe.Answer a = o.answer();
            if (!a.ok()) {
                errors++;
                String error = UUID_TEXT.matcher(a.error()).replaceAll("…");
                error = (error.length() > 200 ? error.substring(0, 200) : error) + (o.followUpTo() == null ? ""
                        : " (a follow-up to a " + o.followUpTo().name().toLowerCase(Locale.ROOT) + " answer)");
                errorKinds.merge(error, 1, Integer::sum);
                continue;
            }
            if (o.kind() == Kind.STOPPED) {
                stopped++;
                continue;
            }
            completed++;
            if (o.kind() == Kind.STREAMED) {
                streamed++;
                cacheHits += a.embeddingCached() ? 1 : 0;
                if (o.endedAtSeconds() >= soak.warmUp().toSeconds()) {
                    firstToken.add(a.firstTokenMillis());
                }
            }
        }
        JsonArray firstErrors = new JsonArray();
        errorKinds.entrySet().stream().sorted(Map.Entry.<String, Integer> comparingByValue().reversed()).limit(5)
                .forEach(e -> firstErrors.add(new JsonObject().put("error", e.getKey()).put("count", e.getValue())));
        return new JsonObject().put("requests", outcomes.size()).put("completed", completed).put("stopped", stopped)
                .put("errors", errors).put("streamedCompleted", streamed).put("streamedCacheHits", cacheHits)
                .put("answersPerSecond", Stats.round(completed / loadSeconds))
                .put("firstTokenMsAfterWarmUp", new JsonObject().put("p50", Stats.round(Stats.percentile(firstToken, 50)))
                        .put("p95", Stats.round(Stats.percentile(firstToken, 95)))
                        .put("p99", Stats.round(Stats.percentile(firstToken, 99)))
                        .put("max", Stats.round(Stats.max(firstToken))).put("n", firstToken.size()))
                .put("errorKinds", firstErrors);
    }

    /**
     * Waits until the background writer has nothing queued and the row count has stopped moving, then
     * matches the answer rows of this run's conversations with the answers, id by id: every completed
     * answer must have its {@code complete} row, every stopped one its row ({@code cancelled}, or
     * {@code complete} when the stop reached the service after the answer had ended), and no other row may
     * exist.
     */
    private JsonObject awaitHistory(AppProcess app, List<Outcome> outcomes) {
        Set<UUID> conversations = new LinkedHashSet<>();
        outcomes.stream().map(o -> o.answer().conversationId()).filter(c -> c != null).forEach(conversations::add);
        long start = System.nanoTime();
        long deadline = start + HISTORY_LIMIT.toNanos();
        Map<UUID, String> rows = Map.of();
        boolean settled = false;
        for (int previous = -1; System.nanoTime() < deadline; previous = rows.size()) {
            rows = assistantRows(conversations);
            settled = OverheadLoad.counter(app.metrics(), QUEUE_DEPTH) == 0 && rows.size() == previous;
            if (settled) {
                break;
            }
            AppProcess.sleep(1_000);
        }
        Set<UUID> answered = new HashSet<>();
        int completedWithRow = 0;
        int stoppedCancelled = 0;
        int stoppedComplete = 0;
        int stoppedWithoutRow = 0;
        for (Outcome o : outcomes) {
            UUID id = o.answer().messageId();
            if (!o.answer().ok() || id == null) {
                continue;
            }
            answered.add(id);
            String status = rows.get(id);
            if (o.kind() != Kind.STOPPED) {
                completedWithRow += "complete".equals(status) ? 1 : 0;
            } else if ("cancelled".equals(status)) {
                stoppedCancelled++;
            } else if ("complete".equals(status)) {
                stoppedComplete++;
            } else {
                stoppedWithoutRow++;
            }
        }
        long otherRows = rows.keySet().stream().filter(id -> !answered.contains(id)).count();
        Map<String, Integer> byStatus = new HashMap<>();
        rows.values().forEach(status -> byStatus.merge(status, 1, Integer::sum));
        JsonObject counts = new JsonObject();
        byStatus.forEach(counts::put);
        return new JsonObject().put("completeRows", byStatus.getOrDefault("complete", 0))
                .put("cancelledRows", byStatus.getOrDefault("cancelled", 0))
                .put("failedRows", byStatus.getOrDefault("failed", 0)).put("rowsByStatus", counts)
                .put("completedAnswersWithCompleteRow", completedWithRow)
                .put("stoppedAnswersCancelled", stoppedCancelled).put("stoppedAnswersEndedFirst", stoppedComplete)
                .put("stoppedAnswersWithoutRow", stoppedWithoutRow).put("rowsOfNoAnswer", otherRows)
                .put("settled", settled).put("drainSeconds", Stats.round(seconds(start)));
    }

    /** The status of every answer row in these conversations, by message id. */
    private Map<UUID, String> assistantRows(Set<UUID> conversations) {
        Map<UUID, String> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + options.database(),
                "ragchat", "ragchat");
                PreparedStatement query = db.prepareStatement("SELECT id, status FROM message"
                        + " WHERE role = 'assistant' AND conversation_id = ANY (?)")) {
            Array ids = db.createArrayOf("uuid", conversations.toArray());
            query.setArray(1, ids);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the history rows: " + e.getMessage(), e);
        }
        return rows;
    }

    private static Sample sample(AppProcess app, long start) {
        double rss = app.rssMiB();
        String metrics;
        try {
            metrics = app.metrics();
        } catch (RuntimeException busy) {
            return new Sample(seconds(start), rss, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Sample(seconds(start), rss, mib(OverheadLoad.counter(metrics, HEAP_USED)),
                mib(OverheadLoad.counter(metrics, LIVE_DATA)), OverheadLoad.counter(metrics, STREAMS_ACTIVE),
                OverheadLoad.counter(metrics, QUEUE_DEPTH));
    }

    private static JsonObject memory(List<Sample> samples, BenchOptions.Soak soak, AppProcess app) {
        double warmUp = soak.warmUp().toMillis() / 1000.0;
        List<Sample> after = samples.stream().filter(s -> s.seconds() >= warmUp && !Double.isNaN(s.rssMiB())).toList();
        Sample first = after.isEmpty() ? null : after.getFirst();
        Sample last = after.isEmpty() ? null : after.getLast();
        double[] t = after.stream().mapToDouble(Sample::seconds).toArray();
        double rssSlope = slopePerMinute(t, after.stream().mapToDouble(Sample::rssMiB).toArray());
        double lastHalfSlope = slopePerMinute(Arrays.copyOfRange(t, t.length / 2, t.length),
                after.stream().skip(after.size() / 2).mapToDouble(Sample::rssMiB).toArray());
        List<Sample> heapAfter = after.stream().filter(s -> !Double.isNaN(s.heapUsedMiB())).toList();
        double heapSlope = slopePerMinute(heapAfter.stream().mapToDouble(Sample::seconds).toArray(),
                heapAfter.stream().mapToDouble(Sample::heapUsedMiB).toArray());
        JsonArray series = new JsonArray();
        for (Sample s : samples) {
            series.add(new JsonArray().add(Stats.round(s.seconds())).add(Stats.round(s.rssMiB()))
                    .add(Stats.round(s.heapUsedMiB())).add(Stats.round(s.liveDataMiB())).add(s.activeStreams())
                    .add(s.historyQueue()));
        }
        double rssAtWarmUpEnd = first == null ? Double.NaN : first.rssMiB();
        return new JsonObject().put("rssAtWarmUpEndMiB", Stats.round(rssAtWarmUpEnd))
                .put("rssAtEndMiB", last == null ? null : Stats.round(last.rssMiB()))
                .put("rssMaxMiB", Stats.round(samples.stream().mapToDouble(Sample::rssMiB).filter(v -> !Double.isNaN(v))
                        .max().orElse(Double.NaN)))
                .put("peakRssMiB", Stats.round(app.peakRssMiB()))
                .put("rssSlopeMiBPerMinute", Math.round(rssSlope * 100) / 100.0)
                .put("rssFlat", Double.isNaN(rssSlope) || Double.isNaN(lastHalfSlope) ? null
                        : Math.max(rssSlope, lastHalfSlope) * 60 < FLAT_GROWTH_PER_HOUR * rssAtWarmUpEnd)
                .put("rssSlopeLastHalfMiBPerMinute", Math.round(lastHalfSlope * 100) / 100.0)
                .put("heapUsedSlopeMiBPerMinute", Math.round(heapSlope * 100) / 100.0)
                .put("liveDataAtWarmUpEndMiB", first == null ? null : Stats.round(first.liveDataMiB()))
                .put("liveDataAtEndMiB", last == null ? null : Stats.round(last.liveDataMiB()))
                .put("samplesAfterWarmUp", after.size())
                .put("samplesColumns", new JsonArray(List.of("seconds", "rssMiB", "heapUsedMiB", "liveDataMiB",
                        "activeStreams", "historyQueue")))
                .put("samples", series);
    }

    /** Least-squares slope of y over t (seconds), per minute; NaN with fewer than three points. */
    static double slopePerMinute(double[] t, double[] y) {
        if (t.length < 3) {
            return Double.NaN;
        }
        double meanT = Stats.mean(t);
        double meanY = Stats.mean(y);
        double num = 0;
        double den = 0;
        for (int i = 0; i < t.length; i++) {
            num += (t[i] - meanT) * (y[i] - meanY);
            den += (t[i] - meanT) * (t[i] - meanT);
        }
        return den == 0 ? Double.NaN : num / den * 60;
    }

    /**
     * The live heap: the bytes of the objects a full GC keeps, counted inside that GC's pause
     * ({@code jcmd PID GC.class_histogram}, the JDK's own tool), so answers streaming at that moment add no
     * garbage to the figure. Taken at the warm-up's end, under load, and at the end.
     */
    private static JsonObject liveHeap(AppProcess app) {
        JsonObject result = new JsonObject();
        try {
            String histogram = jcmd(app, "GC.class_histogram");
            Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
            return total.find() ? result.put("mib", Stats.round(mib(Double.parseDouble(total.group(1)))))
                    : result.put("error", "no Total line in the class histogram");
        } catch (IOException e) {
            return result.put("error", e.getMessage());
        }
    }

    /** The live heap at the warm-up's end and at the end, and how much it grew in between, in percent. */
    private static JsonObject liveHeapGrowth(JsonObject atWarmUpEnd, JsonObject atEnd) {
        JsonObject result = new JsonObject().put("atWarmUpEndMiB", atWarmUpEnd.getValue("mib"))
                .put("atEndMiB", atEnd.getValue("mib"));
        Double from = atWarmUpEnd.getDouble("mib");
        Double to = atEnd.getDouble("mib");
        if (from == null || to == null) {
            return result.put("error", atWarmUpEnd.getString("error", atEnd.getString("error", "the soak ended before its warm-up")));
        }
        return result.put("growthPercent", Math.round((to / from - 1) * 1000) / 10.0);
    }

    /**
     * A full GC in the idle service ({@code jcmd PID GC.run}), then the heap in use and the RSS: what the run
     * left behind, and what the process gives back. Null figures when jcmd is not beside this JVM's java.
     */
    private static JsonObject heapAfterFullGc(AppProcess app) {
        JsonObject result = new JsonObject();
        try {
            jcmd(app, "GC.run");
            AppProcess.sleep(1_000);
            String metrics = app.metrics();
            return result.put("heapUsedMiB", Stats.round(mib(OverheadLoad.counter(metrics, HEAP_USED))))
                    .put("rssMiB", Stats.round(app.rssMiB()));
        } catch (IOException e) {
            return result.put("error", e.getMessage());
        }
    }

    /** What {@code jcmd PID COMMAND} printed; jcmd is the one beside this JVM's java. */
    private static String jcmd(AppProcess app, String command) throws IOException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), String.valueOf(app.pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IOException("jcmd " + command + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("jcmd " + command + ": interrupted", e);
        }
        return output;
    }

    private static JsonObject verdict(JsonObject r) {
        JsonObject answers = r.getJsonObject("answers");
        JsonObject history = r.getJsonObject("history");
        JsonObject liveHeap = r.getJsonObject("memory").getJsonObject("liveHeap");
        return new JsonObject().put("zeroErrors", answers.getInteger("errors") == 0)
                .put("rowsEqualCompleted", history.getInteger("completedAnswersWithCompleteRow")
                        .equals(answers.getInteger("completed")) && history.getLong("rowsOfNoAnswer") == 0)
                .put("everyStoppedAnswerHasItsRow", history.getInteger("stoppedAnswersWithoutRow") == 0)
                .put("rssFlatAfterWarmUp", r.getJsonObject("memory").getBoolean("rssFlat"))
                .put("liveHeapFlatAfterWarmUp", liveHeap.containsKey("growthPercent")
                        ? liveHeap.getDouble("growthPercent") < LIVE_HEAP_GROWTH_PERCENT : null);
    }

    private static Pattern metric(String series) {
        return Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)");
    }

    private static double mib(double bytes) {
        return bytes / (1024 * 1024);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
