package io.ragchat.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ragchat.testing.RedisNamespace;
import io.ragchat.testing.llm.GenerationRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table B, ragchat's own overhead: the time to first token a streaming client sees minus the time the
 * model server itself took to its first token, for each request, at 1..64 concurrent streams, with the
 * question's vector cached (hit) or not (miss). The simulator starts answering at once (no load, no
 * prefill), so what is left is ragchat: HTTP, JSON, embedding or cache lookup, vector search, prompt, the
 * Ollama client, SSE. Its answer then streams at a model's pace ({@code --overhead-decode-tps}, default
 * 100 tokens/s, 40 tokens), so the other streams are open and sending tokens, as they would be with a real
 * model; {@code Infinity} turns this into a pure throughput test.
 *
 * <p>Each stream is a closed loop: one question after the other, a fixed number per stream. In the hit
 * case each stream cycles through two questions of its own that were asked before (so no two requests in
 * flight share a question and each can be matched to the simulator's record of it); in the miss case every
 * question is new. The service runs with every guide step on.
 */
final class OverheadLoad {

    private static final int HIT_QUESTIONS_PER_STREAM = 2;
    private static final long CELL_TIME_LIMIT_SECONDS = 90;
    private static final Pattern BUCKET = Pattern.compile(
            "ragchat_stage_seconds_bucket\\{([^}]*)\\} ([0-9.eE+-]+)");

    private final BenchOptions options;
    private final LlmBackend backend;
    private final Consumer<String> log;
    private final AtomicLong unique = new AtomicLong();

    OverheadLoad(BenchOptions options, LlmBackend backend, Consumer<String> log) {
        this.options = options;
        this.backend = backend;
        this.log = log;
    }

    JsonObject run() {
        GuideScenario.Step allOn = GuideScenario.steps().getLast();
        Map<String, String> settings = allOn.settings(options, backend);
        backend.streamingWithoutPrefill(options.overheadDecodeTokensPerSecond());
        List<String> jvm = options.jfr()
                ? List.of("-XX:StartFlightRecording=filename=" + options.outputDir().toAbsolutePath().resolve("tableB.jfr")
                        + ",settings=profile,dumponexit=true")
                : List.of();
        RedisNamespace.flush(options.cacheNamespace());
        int maxStreams = Collections.max(options.concurrency());
        JsonArray cells = new JsonArray();
        JsonObject result = new JsonObject();
        try (AppProcess app = AppProcess.start("tableB", options, settings, jvm)) {
            ChatProbe probe = new ChatProbe(app);
            double idleRss = app.rssMiB();
            // Let the JIT see the whole path before anything is measured.
            int warmStreams = Math.min(4, maxStreams);
            drive(probe, warmStreams, Math.max(2, (options.smoke() ? 6 : 150) / warmStreams), (s, i) -> missQuestion());
            List<List<String>> hitQuestions = new ArrayList<>();
            for (int stream = 0; stream < maxStreams; stream++) {
                List<String> own = new ArrayList<>();
                for (int k = 0; k < HIT_QUESTIONS_PER_STREAM; k++) {
                    own.add(Corpus.QUESTIONS.get((stream + k) % Corpus.QUESTIONS.size()) + " (reader " + stream + ", #" + k + ")");
                }
                hitQuestions.add(own);
            }
            drive(probe, Math.min(8, maxStreams), 0, null, hitQuestions.stream().flatMap(List::stream).toList());
            for (int streams : options.concurrency()) {
                int perStream = Math.max(5, (options.requestsPerCell() + streams - 1) / streams);
                if (options.smoke()) {
                    perStream = Math.max(2, options.requestsPerCell() / streams);
                }
                for (boolean hit : List.of(true, false)) {
                    cells.add(cell(app, probe, streams, perStream, hit,
                            hit ? (s, i) -> hitQuestions.get(s).get(i % HIT_QUESTIONS_PER_STREAM) : (s, i) -> missQuestion()));
                }
            }
            result.put("idleRssMiB", Stats.round(idleRss)).put("peakRssMiB", Stats.round(app.peakRssMiB()));
        }
        return result.put("settings", new JsonObject(new java.util.LinkedHashMap<>(settings)))
                .put("decodeTokensPerSecond", options.overheadDecodeTokensPerSecond())
                .put("answerTokens", LlmBackend.OVERHEAD_ANSWER_TOKENS)
                .put("upstreamSubtracted", backend.simulated()).put("cells", cells);
    }

    private JsonObject cell(AppProcess app, ChatProbe probe, int streams, int perStream, boolean hit, QuestionSource questions) {
        backend.clearGenerations();
        String metricsBefore = app.metrics();
        RssSampler rss = new RssSampler(app);
        Thread sampler = Thread.ofPlatform().daemon().start(rss);
        long start = System.nanoTime();
        List<ChatProbe.Answer> answers = drive(probe, streams, perStream, questions);
        double seconds = (System.nanoTime() - start) / 1e9;
        rss.stop();
        try {
            sampler.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String metricsAfter = app.metrics();
        List<GenerationRecord> generations = backend.generations();

        List<Double> clientFirstToken = new ArrayList<>();
        List<Double> upstreamFirstToken = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        List<Double> embedding = new ArrayList<>();
        List<Double> retrieval = new ArrayList<>();
        List<Double> serverFirstToken = new ArrayList<>();
        int unmatched = 0;
        int cached = 0;
        Map<String, List<GenerationRecord>> byQuestion = new HashMap<>();
        for (GenerationRecord g : generations) {
            byQuestion.computeIfAbsent(questionOf(g.question()), q -> new ArrayList<>()).add(g);
        }
        List<ChatProbe.Answer> ok = answers.stream().filter(ChatProbe.Answer::ok).toList();
        for (ChatProbe.Answer answer : ok) {
            clientFirstToken.add(answer.firstTokenMillis());
            if (answer.embeddingCached()) {
                cached++;
            }
            if (answer.timings().containsKey("embeddingMs")) {
                embedding.add((double) answer.timings().get("embeddingMs"));
            }
            if (answer.timings().containsKey("retrievalMs")) {
                retrieval.add((double) answer.timings().get("retrievalMs"));
            }
            if (answer.timings().containsKey("firstTokenMs")) {
                serverFirstToken.add((double) answer.timings().get("firstTokenMs"));
            }
            double upstream = 0;
            if (backend.simulated()) {
                GenerationRecord match = match(byQuestion.get(answer.question()), answer);
                if (match == null || match.timeToFirstTokenNanos() < 0) {
                    unmatched++;
                    continue;
                }
                upstream = match.timeToFirstTokenNanos() / 1e6;
            }
            upstreamFirstToken.add(upstream);
            overhead.add(answer.firstTokenMillis() - upstream);
        }
        int errors = answers.size() - ok.size();
        String firstError = answers.stream().filter(a -> !a.ok()).map(ChatProbe.Answer::error).findFirst().orElse(null);
        JsonObject cell = new JsonObject().put("streams", streams).put("cache", hit ? "hit" : "miss")
                .put("requests", answers.size()).put("errors", errors).put("seconds", Stats.round(seconds))
                .put("streamsPerSecond", Stats.round(ok.size() / seconds))
                .put("cacheHits", cached)
                .put("overheadMs", percentiles(overhead))
                .put("clientFirstTokenMs", percentiles(clientFirstToken))
                .put("upstreamFirstTokenMs", percentiles(upstreamFirstToken))
                .put("unmatched", unmatched)
                .put("embeddingStageMs", percentiles(embedding))
                .put("retrievalStageMs", percentiles(retrieval))
                .put("serverFirstTokenMs", percentiles(serverFirstToken))
                .put("embeddingStageP99BucketMs", p99Bucket(buckets(metricsBefore, "embedding"), buckets(metricsAfter, "embedding")))
                .put("cacheLookupP99BucketMs", p99Bucket(buckets(metricsBefore, "cache_lookup"), buckets(metricsAfter, "cache_lookup")))
                .put("cacheErrors", Math.round(counter(metricsAfter, CACHE_ERRORS) - counter(metricsBefore, CACHE_ERRORS)))
                .put("rssMaxMiB", Stats.round(rss.max())).put("peakRssMiB", Stats.round(app.peakRssMiB()));
        if (firstError != null) {
            cell.put("firstError", firstError);
        }
        log.accept("  %2d streams, cache %-4s: overhead p50 %s p95 %s p99 %s ms, %s streams/s, %d errors, %s cache errors, RSS %s MiB"
                .formatted(streams, hit ? "hit" : "miss", cell.getJsonObject("overheadMs").getValue("p50"),
                        cell.getJsonObject("overheadMs").getValue("p95"), cell.getJsonObject("overheadMs").getValue("p99"),
                        cell.getValue("streamsPerSecond"), errors, cell.getValue("cacheErrors"), cell.getValue("rssMaxMiB")));
        return cell;
    }

    /** The simulator's record of this request: same question, arrived after it was sent, the earliest such. */
    private static GenerationRecord match(List<GenerationRecord> candidates, ChatProbe.Answer answer) {
        if (candidates == null) {
            return null;
        }
        return candidates.stream().filter(g -> g.receivedAtNanos() >= answer.sentNanos())
                .min(Comparator.comparingLong(GenerationRecord::receivedAtNanos)).orElse(null);
    }

    /** The user's question inside ragchat's prompt, which ends with {@code Question: ...}. */
    static String questionOf(String userMessage) {
        int at = userMessage.lastIndexOf("Question: ");
        return at < 0 ? userMessage : userMessage.substring(at + "Question: ".length());
    }

    interface QuestionSource {
        String question(int stream, int index);
    }

    private List<ChatProbe.Answer> drive(ChatProbe probe, int streams, int perStream, QuestionSource questions) {
        return drive(probe, streams, perStream, questions, null);
    }

    /**
     * Runs {@code streams} clients, each asking {@code perStream} questions one after the other; or, with a
     * list, asks each of those once spread over the clients. Bounded in count and in time.
     */
    private List<ChatProbe.Answer> drive(ChatProbe probe, int streams, int perStream, QuestionSource questions,
            List<String> once) {
        List<ChatProbe.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CELL_TIME_LIMIT_SECONDS);
        AtomicLong next = new AtomicLong();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int stream = s;
                running.add(clients.submit(() -> {
                    if (once != null) {
                        for (long i = next.getAndIncrement(); i < once.size() && System.nanoTime() < deadline;
                                i = next.getAndIncrement()) {
                            answers.add(probe.ask(once.get((int) i), null, true));
                        }
                        return;
                    }
                    for (int i = 0; i < perStream && System.nanoTime() < deadline; i++) {
                        answers.add(probe.ask(questions.question(stream, i), null, true));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("load clients failed", e);
        }
        return answers;
    }

    private String missQuestion() {
        long n = unique.incrementAndGet();
        return Corpus.QUESTIONS.get((int) (n % Corpus.QUESTIONS.size())) + " (variant " + System.nanoTime() + "-" + n + ")";
    }

    private static JsonObject percentiles(List<Double> values) {
        return new JsonObject().put("p50", Stats.round(Stats.percentile(values, 50)))
                .put("p95", Stats.round(Stats.percentile(values, 95))).put("p99", Stats.round(Stats.percentile(values, 99)))
                .put("max", Stats.round(Stats.max(values))).put("n", values.size());
    }

    /** Cache lookups and writes that Redis did not serve (timeout, refused, pool exhausted). */
    private static final Pattern CACHE_ERRORS = Pattern.compile(
            "ragchat_embedding_cache_requests_total\\{[^}]*result=\"error\"[^}]*\\} ([0-9.eE+-]+)");

    static double counter(String prometheus, Pattern pattern) {
        double sum = 0;
        Matcher m = pattern.matcher(prometheus);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Cumulative counts of one stage's histogram (all models), by upper bound in ms. */
    static Map<Double, Double> buckets(String prometheus, String stage) {
        Map<Double, Double> buckets = new HashMap<>();
        Matcher m = BUCKET.matcher(prometheus);
        while (m.find()) {
            String labels = m.group(1);
            if (!labels.contains("stage=\"" + stage + "\"")) {
                continue;
            }
            Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
            if (le.find()) {
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1)) * 1000;
                buckets.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    /** The upper bound of the histogram bucket that holds the 99th percentile of this cell's embedding stages. */
    static Double p99Bucket(Map<Double, Double> before, Map<Double, Double> after) {
        Double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return null;
        }
        List<Double> bounds = new ArrayList<>(after.keySet());
        Collections.sort(bounds);
        for (double bound : bounds) {
            double count = after.get(bound) - before.getOrDefault(bound, 0.0);
            if (count >= 0.99 * total) {
                return Double.isInfinite(bound) ? null : Math.round(bound * 1000) / 1000.0;
            }
        }
        return null;
    }

    /** Samples the service's resident memory every 100 ms until stopped. */
    private static final class RssSampler implements Runnable {
        private final AppProcess app;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile double max = Double.NaN;

        RssSampler(AppProcess app) {
            this.app = app;
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                double rss = app.rssMiB();
                if (Double.isNaN(max) || rss > max) {
                    max = rss;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            stopped.set(true);
        }

        double max() {
            return max;
        }
    }
}
