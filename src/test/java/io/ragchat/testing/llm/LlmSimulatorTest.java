package io.ragchat.testing.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the simulator over real HTTP, as ragchat's clients will. */
class LlmSimulatorTest {

    private static final String MODEL = "qwen2.5:0.5b";
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private static LlmSimulator llm;
    private static HttpClient http;

    @BeforeAll
    static void startSimulator() {
        llm = LlmSimulator.start(SimulatorProfile.fast());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PROMPTLY).build();
    }

    @AfterAll
    static void stopSimulator() {
        http.close();
        llm.stop();
    }

    @BeforeEach
    void freshSimulator() {
        llm.reset();
    }

    @Test
    void ollamaChatStreamsNdjsonLinesOverTimeAndEndsWithTheDoneLine() throws Exception {
        llm.updateProfile(p -> p.decodeTokensPerSecond(25).answerTokens(13));
        // No "stream" field: Ollama streams by default.
        HttpResponse<InputStream> response = post("/api/chat", chat("Where do the tokens come from?"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<Long> arrivals = new ArrayList<>();
        List<String> rawLines = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                arrivals.add(System.nanoTime()); // parse later: a slow first parse would delay the next reads
                rawLines.add(line);
            }
        }
        List<JsonObject> lines = rawLines.stream().map(JsonObject::new).toList();

        assertThat(lines).hasSize(14);
        List<JsonObject> tokens = lines.subList(0, 13);
        assertThat(tokens).allSatisfy(line -> {
            assertThat(line.getString("model")).isEqualTo(MODEL);
            assertThat(line.getString("created_at")).isNotBlank();
            assertThat(line.getBoolean("done")).isFalse();
            assertThat(line.getJsonObject("message").getString("role")).isEqualTo("assistant");
        });
        StringBuilder answer = new StringBuilder();
        tokens.forEach(line -> answer.append(line.getJsonObject("message").getString("content")));
        assertThat(answer.toString()).startsWith("Where do the tokens come from?").contains("\n");
        // 13 tokens at 25 tokens/s: the first and last leave 480 ms apart. The client sees at least half of
        // that even on a loaded machine, where a late read of the first lines compresses the spread.
        long spreadMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(12) - arrivals.get(0));
        assertThat(spreadMillis).isGreaterThan(240);

        JsonObject done = lines.get(13);
        assertThat(done.getBoolean("done")).isTrue();
        assertThat(done.getString("done_reason")).isEqualTo("stop");
        assertThat(done.getJsonObject("message").getString("content")).isEmpty();
        assertThat(done.getLong("eval_count")).isEqualTo(13);
        assertThat(done.getLong("prompt_eval_count")).isPositive();
        // The simulator's own clock: 12 gaps of 40 ms, less the timers' millisecond rounding.
        assertThat(done.getLong("total_duration")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(420));
        assertThat(done.getLong("eval_duration")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(420));
        assertThat(done.fieldNames()).contains("load_duration", "prompt_eval_duration");
        assertThat(llm.stats().completedStreams()).isEqualTo(1);
    }

    @Test
    void ollamaChatWithoutStreamAnswersOneObjectWithTheWholeContent() throws Exception {
        llm.updateProfile(p -> p.answerTokens(6));
        JsonObject request = chat("Answer in one go please").put("stream", false);

        HttpResponse<String> response = post("/api/chat", request);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(response.body());
        // The question's words first, then the system prompt's: "Answer from the context."
        assertThat(body.getJsonObject("message").getString("content")).isEqualTo("Answer in one go please Answer");
        assertThat(body.getBoolean("done")).isTrue();
        assertThat(body.getString("done_reason")).isEqualTo("stop");
        assertThat(body.getLong("eval_count")).isEqualTo(6);
    }

    @Test
    void numPredictCutsTheAnswerWithDoneReasonLength() throws Exception {
        JsonObject request = chat("one two three four").put("stream", false)
                .put("options", new JsonObject().put("num_predict", 3));

        JsonObject body = new JsonObject(post("/api/chat", request).body());

        assertThat(body.getJsonObject("message").getString("content")).isEqualTo("one two three");
        assertThat(body.getString("done_reason")).isEqualTo("length");
    }

    @Test
    void coldModelPaysTheLoadTimeOnceThenRunsWarm() throws Exception {
        llm.updateProfile(p -> p.loadTime(Duration.ofMillis(300)));
        JsonObject request = chat("Hello").put("stream", false);

        JsonObject cold = new JsonObject(post("/api/chat", request).body());
        JsonObject warm = new JsonObject(post("/api/chat", request).body());

        assertThat(cold.getLong("load_duration")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
        assertThat(warm.getLong("load_duration")).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(llm.stats().loadCount()).isEqualTo(1);
        assertThat(llm.loadedModels()).containsExactly(MODEL);
    }

    @Test
    void chatWithoutMessagesPreloadsTheModel() throws Exception {
        llm.updateProfile(p -> p.loadTime(Duration.ofMillis(200)));
        long start = System.nanoTime();

        HttpResponse<String> response = post("/api/chat", new JsonObject().put("model", MODEL));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(190);
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getBoolean("done")).isTrue();
        assertThat(body.getString("done_reason")).isEqualTo("load");
        JsonArray running = new JsonObject(get("/api/ps").body()).getJsonArray("models");
        assertThat(running.getJsonObject(0).getString("name")).isEqualTo(MODEL);
        assertThat(running.getJsonObject(0).getString("expires_at")).isNotBlank();
        assertThat(llm.stats().loadCount()).isEqualTo(1);
    }

    @Test
    void keepAliveZeroWithoutMessagesUnloadsAndTheNextRequestLoadsAgain() throws Exception {
        post("/api/generate", new JsonObject().put("model", MODEL).put("keep_alive", "-1"));
        assertThat(llm.loadedModels()).containsExactly(MODEL);

        JsonObject unloaded = new JsonObject(
                post("/api/generate", new JsonObject().put("model", MODEL).put("keep_alive", 0)).body());

        assertThat(unloaded.getString("done_reason")).isEqualTo("unload");
        assertThat(unloaded.getString("response")).isEmpty();
        assertThat(new JsonObject(get("/api/ps").body()).getJsonArray("models")).isEmpty();
        post("/api/chat", chat("again").put("stream", false));
        assertThat(llm.stats().loadCount()).isEqualTo(2);
    }

    @Test
    void shortKeepAliveExpires() throws Exception {
        post("/api/chat", chat("brief").put("stream", false).put("keep_alive", "1s"));
        assertThat(llm.loadedModels()).containsExactly(MODEL);

        await().atMost(Duration.ofSeconds(5)).until(() -> llm.loadedModels().isEmpty());
        post("/api/chat", chat("brief again").put("stream", false));
        assertThat(llm.stats().loadCount()).isEqualTo(2);
    }

    @Test
    void keepAliveAcceptsSecondsGoDurationsAndForever() {
        Duration fallback = Duration.ofMinutes(5);
        assertThat(KeepAlive.parse(null, fallback)).isEqualTo(fallback);
        assertThat(KeepAlive.parse("5m", fallback)).isEqualTo(Duration.ofMinutes(5));
        assertThat(KeepAlive.parse("1h30m", fallback)).isEqualTo(Duration.ofMinutes(90));
        assertThat(KeepAlive.parse("250ms", fallback)).isEqualTo(Duration.ofMillis(250));
        assertThat(KeepAlive.parse(30, fallback)).isEqualTo(Duration.ofSeconds(30));
        assertThat(KeepAlive.parse("0", fallback)).isZero();
        assertThat(KeepAlive.parse(0, fallback)).isZero();
        assertThat(KeepAlive.parse("-1", fallback)).isNegative();
        assertThat(KeepAlive.parse(-1, fallback)).isNegative();
        assertThat(KeepAlive.parse("-5m", fallback)).isNegative();
        assertThatThrownBy(() -> KeepAlive.parse("soon", fallback)).hasMessage("time: invalid duration \"soon\"");
    }

    @Test
    void unknownModelAnswers404InOllamasWords() throws Exception {
        HttpResponse<String> response = post("/api/chat", chat("hi").put("model", "nope"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()))
                .isEqualTo(new JsonObject().put("error", "model \"nope\" not found, try pulling it first"));
    }

    @Test
    void failureAfterTokensIsAnErrorLineOnA200Stream() throws Exception {
        llm.injectFault(Fault.failAfterTokens(3, "model runner has unexpectedly stopped"));

        HttpResponse<String> response = post("/api/chat", chat("this will break"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3))
                .allSatisfy(line -> assertThat(new JsonObject(line).getBoolean("done")).isFalse());
        assertThat(new JsonObject(lines.get(3)))
                .isEqualTo(new JsonObject().put("error", "model runner has unexpectedly stopped"));
        assertThat(llm.stats().failedStreams()).isEqualTo(1);
        assertThat(llm.stats().activeStreams()).isZero();
    }

    @Test
    void failureBeforeStreamIsAnErrorStatusForTheCountedRequestsOnly() throws Exception {
        llm.injectFault(Fault.failBeforeStream(503, "server busy, please try again"), 1);

        HttpResponse<String> refused = post("/api/chat", chat("first"));
        HttpResponse<String> served = post("/api/chat", chat("second").put("stream", false));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(refused.body()))
                .isEqualTo(new JsonObject().put("error", "server busy, please try again"));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(llm.stats().requests("POST /api/chat")).isEqualTo(2);
    }

    @Test
    void downServerClosesTheConnectionWithoutAnswering() {
        llm.injectFault(Fault.down());

        assertThatThrownBy(() -> get("/")).isInstanceOf(IOException.class);
    }

    @Test
    void clientClosingTheStreamCancelsTheGenerationAtOnce() throws Exception {
        llm.updateProfile(p -> p.decodeTokensPerSecond(50).answerTokens(1_000));
        HttpResponse<InputStream> response = post("/api/chat", chat("a long answer"),
                HttpResponse.BodyHandlers.ofInputStream());
        var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).contains("\"done\":false");
        assertThat(reader.readLine()).contains("\"done\":false");
        assertThat(llm.stats().activeStreams()).isEqualTo(1);

        reader.close();

        assertThat(llm.stats().awaitCancellation(PROMPTLY)).isTrue();
        assertThat(llm.stats().cancelledStreams()).isEqualTo(1);
        assertThat(llm.stats().activeStreams()).isZero();
        long sentAtCancellation = llm.stats().tokensSent();
        Thread.sleep(100); // five decode intervals: a generation still running would have sent more
        assertThat(llm.stats().tokensSent()).isEqualTo(sentAtCancellation);
        assertThat(llm.stats().completedStreams()).isZero();
    }

    @Test
    void stalledStreamKeepsTheConnectionOpenUntilTheClientGivesUp() throws Exception {
        llm.injectFault(Fault.stallAfterTokens(2));
        HttpResponse<InputStream> response = post("/api/chat", chat("stall here"),
                HttpResponse.BodyHandlers.ofInputStream());
        var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        reader.readLine();
        reader.readLine();

        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> readLine(reader));
        assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(llm.stats().activeStreams()).isEqualTo(1);

        response.body().close();
        assertThat(llm.stats().awaitCancellation(PROMPTLY)).isTrue();
        assertThat(llm.stats().activeStreams()).isZero();
    }

    @Test
    void generateStreamsResponseFields() throws Exception {
        llm.updateProfile(p -> p.answerTokens(3));
        JsonObject request = new JsonObject().put("model", MODEL).put("prompt", "why is the sky blue");

        List<JsonObject> lines = post("/api/generate", request).body().lines().map(JsonObject::new).toList();

        assertThat(lines).extracting(line -> line.getString("response")).containsExactly("why", " is", " the", "");
        assertThat(lines.get(3).getBoolean("done")).isTrue();
    }

    @Test
    void embeddingsAreDeterministicUnitVectorsAndSimilarTextsAreCloser() throws Exception {
        JsonObject request = new JsonObject().put("model", "all-minilm").put("input", new JsonArray()
                .add("How do I create an HNSW index in pgvector?")
                .add("how to create a pgvector HNSW index")
                .add("The cat sat on the warm windowsill."));

        JsonArray first = new JsonObject(post("/api/embed", request).body()).getJsonArray("embeddings");
        JsonArray second = new JsonObject(post("/api/embed", request).body()).getJsonArray("embeddings");

        assertThat(first).isEqualTo(second);
        double[] question = vector(first.getJsonArray(0));
        double[] paraphrase = vector(first.getJsonArray(1));
        double[] unrelated = vector(first.getJsonArray(2));
        assertThat(question).hasSize(384);
        assertThat(dot(question, question)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(dot(question, paraphrase)).isGreaterThan(dot(question, unrelated) + 0.2);

        JsonObject single = new JsonObject(post("/api/embed",
                new JsonObject().put("model", "all-minilm").put("input", "How do I create an HNSW index in pgvector?"))
                .body());
        assertThat(single.getJsonArray("embeddings").getJsonArray(0)).isEqualTo(first.getJsonArray(0));
        JsonObject legacy = new JsonObject(post("/api/embeddings",
                new JsonObject().put("model", "all-minilm").put("prompt", "How do I create an HNSW index in pgvector?"))
                .body());
        assertThat(legacy.getJsonArray("embedding")).isEqualTo(first.getJsonArray(0));
    }

    @Test
    void ollamaInformationEndpoints() throws Exception {
        assertThat(get("/").body()).isEqualTo("Ollama is running");
        assertThat(new JsonObject(get("/api/version").body()).getString("version")).isNotBlank();
        JsonArray models = new JsonObject(get("/api/tags").body()).getJsonArray("models");
        assertThat(models).extracting(model -> ((JsonObject) model).getString("name"))
                .containsExactly("qwen2.5:0.5b", "llama3.1:8b", "all-minilm");
        assertThat(models.getJsonObject(0).getJsonObject("details").getString("parameter_size")).isEqualTo("0.5B");
        assertThat(llm.stats().requests("GET /api/tags")).isEqualTo(1);
    }

    @Test
    void openAiStreamIsFramedAsServerSentEventsEndingWithDone() throws Exception {
        llm.updateProfile(p -> p.answerTokens(13));
        JsonObject request = chat("Tell me a story").put("stream", true)
                .put("stream_options", new JsonObject().put("include_usage", true));

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        List<String> events = Arrays.asList(response.body().split("\n\n"));
        assertThat(events).allSatisfy(event -> assertThat(event).startsWith("data: ").doesNotContain("\n"));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
                .map(event -> new JsonObject(event.substring("data: ".length()))).toList();
        assertThat(chunks).hasSize(15); // 13 tokens, the finish chunk, the usage chunk
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.getString("id")).isNotBlank();
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getValue("created")).isInstanceOf(Number.class);
            assertThat(chunk.getString("model")).isEqualTo(MODEL);
        });
        JsonObject firstChoice = chunks.get(0).getJsonArray("choices").getJsonObject(0);
        assertThat(firstChoice.getJsonObject("delta").getString("role")).isEqualTo("assistant");
        assertThat(firstChoice.getJsonObject("delta").getString("content")).isEqualTo("Tell");
        assertThat(firstChoice.containsKey("finish_reason")).isTrue();
        assertThat(firstChoice.getString("finish_reason")).isNull();
        StringBuilder text = new StringBuilder();
        chunks.subList(0, 13).forEach(chunk -> text.append(
                chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content")));
        assertThat(text.toString()).contains("\n");
        JsonObject finish = chunks.get(13).getJsonArray("choices").getJsonObject(0);
        assertThat(finish.getString("finish_reason")).isEqualTo("stop");
        assertThat(chunks.get(14).getJsonArray("choices")).isEmpty();
        assertThat(chunks.get(14).getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(13);
    }

    @Test
    void openAiCompletionWithoutStreamHasTheChatCompletionShape() throws Exception {
        llm.updateProfile(p -> p.answerTokens(4));

        JsonObject body = new JsonObject(post("/v1/chat/completions", chat("What is RAG exactly")).body());

        assertThat(body.getString("object")).isEqualTo("chat.completion");
        assertThat(body.getString("id")).isNotBlank();
        assertThat(body.getValue("created")).isInstanceOf(Number.class);
        JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getInteger("index")).isZero();
        assertThat(choice.getJsonObject("message"))
                .isEqualTo(new JsonObject().put("role", "assistant").put("content", "What is RAG exactly"));
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        assertThat(body.getJsonObject("usage").getInteger("total_tokens")).isPositive();
    }

    @Test
    void openAiMidStreamFailureIsAnErrorEvent() throws Exception {
        llm.injectFault(Fault.failAfterTokens(1, "boom"));

        String body = post("/v1/chat/completions", chat("fail").put("stream", true)).body();

        List<String> events = Arrays.asList(body.split("\n\n"));
        assertThat(events).hasSize(2).doesNotContain("data: [DONE]");
        JsonObject error = new JsonObject(events.get(1).substring("data: ".length())).getJsonObject("error");
        assertThat(error.getString("message")).isEqualTo("boom");
        assertThat(error.fieldNames()).contains("type", "code");
    }

    @Test
    void openAiModelsAndErrors() throws Exception {
        JsonObject models = new JsonObject(get("/v1/models").body());
        assertThat(models.getString("object")).isEqualTo("list");
        assertThat(models.getJsonArray("data").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("id", "object", "created", "owned_by");

        HttpResponse<String> unknown = post("/v1/chat/completions", chat("hi").put("model", "gpt-nope"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("code"))
                .isEqualTo("model_not_found");

        llm.updateProfile(p -> p.apiKey("secret"));
        assertThat(get("/v1/models").statusCode()).isEqualTo(401);
        HttpRequest withKey = HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/models"))
                .header("Authorization", "Bearer secret").build();
        assertThat(http.send(withKey, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void openAiEmbeddings() throws Exception {
        JsonObject request = new JsonObject().put("model", "all-minilm").put("input", "hello").put("dimensions", 16);

        JsonObject body = new JsonObject(post("/v1/embeddings", request).body());

        assertThat(body.getString("object")).isEqualTo("list");
        JsonObject embedding = body.getJsonArray("data").getJsonObject(0);
        assertThat(embedding.getString("object")).isEqualTo("embedding");
        assertThat(embedding.getJsonArray("embedding")).hasSize(16);
    }

    @Test
    void timesEachGenerationFromArrivalToFirstTokenAndEnd() throws Exception {
        llm.updateProfile(p -> p.loadTime(Duration.ofMillis(150)).prefillTokensPerSecond(Double.POSITIVE_INFINITY)
                .answerTokens(3));

        post("/api/chat", chat("How long did I wait?").put("stream", false));

        assertThat(llm.stats().generations()).singleElement().satisfies(generation -> {
            assertThat(generation.model()).isEqualTo(MODEL);
            assertThat(generation.question()).isEqualTo("How long did I wait?");
            assertThat(generation.answerTokens()).isEqualTo(3);
            assertThat(generation.outcome()).isEqualTo(GenerationRecord.Outcome.COMPLETED);
            // The load timer starts a moment before the generation does, and timers are millisecond-grained.
            assertThat(generation.loadNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(140));
            assertThat(generation.timeToFirstTokenNanos()).isGreaterThanOrEqualTo(generation.loadNanos())
                    .isLessThanOrEqualTo(generation.totalNanos());
        });
        llm.reset();
        assertThat(llm.stats().generations()).isEmpty();
    }

    @Test
    void recordsRequestBodiesForAssertions() throws Exception {
        post("/api/chat", chat("remember me").put("stream", false));

        RecordedRequest recorded = llm.stats().lastRequest("POST /api/chat").orElseThrow();

        assertThat(recorded.body().getJsonArray("messages").getJsonObject(1).getString("content"))
                .isEqualTo("remember me");
        assertThat(recorded.headers()).containsKey("content-type");
    }

    private static JsonObject chat(String question) {
        return new JsonObject().put("model", MODEL).put("messages", new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", "Answer from the context."))
                .add(new JsonObject().put("role", "user").put("content", question)));
    }

    private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return post(path, body, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> post(String path, JsonObject body, HttpResponse.BodyHandler<T> handler)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(llm.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        return http.send(request, handler);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(llm.baseUrl() + path))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static double[] vector(JsonArray json) {
        return json.stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray();
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
