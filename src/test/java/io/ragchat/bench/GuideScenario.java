package io.ragchat.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.ragchat.testing.RedisNamespace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Table A, the performance guide's scenario: the baseline, then each of the guide's steps switched on
 * in turn, cumulatively, the last row being everything on. Every run is a fresh service with the models
 * unloaded and the benchmark's cache namespace empty: its first question is the cold one; the warm one
 * follows up in the same conversation with the same question (a repeated question, the cache's case).
 */
final class GuideScenario {

    /** One row: the guide's switches as they stand after this step. */
    record Step(String id, String label, boolean streaming, boolean cache, boolean smallContext, boolean smallModel,
            boolean parallel, boolean backgroundWrites, boolean warmUp) {

        Map<String, String> settings(BenchOptions options, LlmBackend backend) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("quarkus.langchain4j.ollama.base-url", backend.url());
            settings.put("quarkus.langchain4j.ollama.chat-model.model-id", model(options).model());
            settings.put("ragchat.embedding.cache.enabled", String.valueOf(cache));
            settings.put("ragchat.retrieval.top-k", smallContext ? "2" : "3");
            // Chunks are at most 256 tokens (ragchat.document.chunking.max-tokens): 1000 never trims one.
            settings.put("ragchat.prompt.max-chunk-tokens", smallContext ? "200" : "1000");
            settings.put("ragchat.chat.parallel-stages", String.valueOf(parallel));
            settings.put("ragchat.history.write-before-answer", String.valueOf(!backgroundWrites));
            settings.put("ragchat.warm-up.enabled", String.valueOf(warmUp));
            return settings;
        }

        ModelProfile model(BenchOptions options) {
            return smallModel ? options.small() : options.large();
        }
    }

    static List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("baseline", "Baseline: no streaming, no cache, top-k 3 untrimmed, large model, "
                + "sequential stages, history committed first, no warm-up", false, false, false, false, false, false, false));
        steps.add(new Step("stream", "+ 1 stream the answer (SSE)", true, false, false, false, false, false, false));
        steps.add(new Step("cache", "+ 2 embedding cache", true, true, false, false, false, false, false));
        steps.add(new Step("context", "+ 3 smaller context (top-k 2, chunks ≤ 200 tokens)", true, true, true, false, false, false, false));
        steps.add(new Step("small-model", "+ 4 small model", true, true, true, true, false, false, false));
        steps.add(new Step("parallel", "+ 5 parallel stages", true, true, true, true, true, false, false));
        steps.add(new Step("background-writes", "+ 6 history written in the background", true, true, true, true, true, true, false));
        steps.add(new Step("warm-up", "+ 7 warm-up at start = all on", true, true, true, true, true, true, true));
        return steps;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final BenchOptions options;
    private final LlmBackend backend;
    private final Consumer<String> log;

    GuideScenario(BenchOptions options, LlmBackend backend, Consumer<String> log) {
        this.options = options;
        this.backend = backend;
        this.log = log;
    }

    JsonObject run() {
        JsonArray rows = new JsonArray();
        List<Step> steps = steps();
        // The smoke run keeps the two ends: the baseline and everything on.
        for (Step step : options.smoke() ? List.of(steps.getFirst(), steps.getLast()) : steps) {
            rows.add(runStep(step));
        }
        return new JsonObject().put("runs", options.runs()).put("questions", new JsonArray(Corpus.QUESTIONS))
                .put("rows", rows);
    }

    private JsonObject runStep(Step step) {
        ModelProfile model = step.model(options);
        Map<String, String> settings = step.settings(options, backend);
        List<ChatProbe.Answer> colds = new ArrayList<>();
        List<ChatProbe.Answer> warms = new ArrayList<>();
        JsonArray runs = new JsonArray();
        for (int run = 0; run < options.runs(); run++) {
            String question = Corpus.QUESTIONS.get(run % Corpus.QUESTIONS.size());
            backend.coldModels(model);
            RedisNamespace.flush(options.cacheNamespace());
            try (AppProcess app = AppProcess.start("tableA-" + step.id() + "-" + (run + 1), options, settings, List.of())) {
                ChatProbe probe = new ChatProbe(app);
                ChatProbe.Answer cold = probe.ask(question, null, step.streaming());
                if (cold.ok()) {
                    awaitHistory(app, cold.conversationId());
                }
                ChatProbe.Answer warm = probe.ask(question, cold.conversationId(), step.streaming());
                colds.add(cold);
                warms.add(warm);
                runs.add(new JsonObject().put("startToReadyMs", Stats.round(app.startToReadyMillis()))
                        .put("cold", answerJson(cold)).put("warm", answerJson(warm)));
                log.accept("  %-18s run %d: cold %s / %s ms, warm %s / %s ms%s".formatted(step.id(), run + 1,
                        ms(cold.firstTokenMillis()), ms(cold.totalMillis()), ms(warm.firstTokenMillis()),
                        ms(warm.totalMillis()), errorNote(cold, warm)));
            }
        }
        return new JsonObject().put("id", step.id()).put("label", step.label()).put("model", model.model())
                .put("streaming", step.streaming()).put("settings", new JsonObject(new LinkedHashMap<>(settings)))
                .put("cold", summary(colds)).put("warm", summary(warms)).put("runs", runs);
    }

    /** Waits (untimed) until the first turn is readable, so the follow-up finds its conversation. */
    private static void awaitHistory(AppProcess app, UUID conversation) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        app.uri("/api/conversations/" + conversation + "/messages")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && new JsonArray(response.body()).size() >= 2) {
                    return;
                }
            } catch (Exception notYet) {
                // retry below
            }
            AppProcess.sleep(20);
        }
    }

    static JsonObject summary(List<ChatProbe.Answer> answers) {
        List<ChatProbe.Answer> ok = answers.stream().filter(ChatProbe.Answer::ok).toList();
        JsonObject stages = new JsonObject();
        for (String stage : List.of("cacheLookupMs", "embeddingMs", "retrievalMs", "historyMs", "firstTokenMs", "llmMs",
                "totalMs")) {
            List<Double> values = ok.stream().filter(a -> a.timings().containsKey(stage))
                    .map(a -> (double) a.timings().get(stage)).toList();
            if (!values.isEmpty()) {
                stages.put(stage, Stats.round(Stats.median(values)));
            }
        }
        List<Double> prompt = ok.stream().filter(a -> a.promptTokens() != null).map(a -> (double) a.promptTokens()).toList();
        return new JsonObject()
                .put("firstTokenMs", Stats.round(Stats.median(ok.stream().map(ChatProbe.Answer::firstTokenMillis).toList())))
                .put("totalMs", Stats.round(Stats.median(ok.stream().map(ChatProbe.Answer::totalMillis).toList())))
                .put("promptTokens", prompt.isEmpty() ? null : Stats.round(Stats.median(prompt)))
                .put("serverStagesMs", stages)
                .put("samples", ok.size())
                .put("errors", answers.size() - ok.size());
    }

    static JsonObject answerJson(ChatProbe.Answer answer) {
        JsonObject json = new JsonObject().put("question", answer.question()).put("streamed", answer.streamed())
                .put("firstTokenMs", Stats.round(answer.firstTokenMillis())).put("totalMs", Stats.round(answer.totalMillis()))
                .put("timings", new JsonObject(new LinkedHashMap<>(answer.timings())))
                .put("promptTokens", answer.promptTokens()).put("completionTokens", answer.completionTokens());
        if (!answer.ok()) {
            json.put("error", answer.error());
        }
        return json;
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : String.valueOf(Math.round(millis));
    }

    private static String errorNote(ChatProbe.Answer cold, ChatProbe.Answer warm) {
        String errors = (cold.ok() ? "" : " cold: " + cold.error()) + (warm.ok() ? "" : " warm: " + warm.error());
        return errors.isEmpty() ? "" : "  ERROR" + errors;
    }
}
