package io.ragchat.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ExtractiveAnswerGenerator;
import io.ragchat.llm.service.GenerationEvent;
import io.ragchat.llm.service.GenerationException;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.prompt.Prompt;
import io.ragchat.testing.SelectedGenerator;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible API as the official OpenAI Java SDK sees it, with response validation on: any
 * field the SDK requires that ragchat leaves out fails these tests. The extractive provider answers (in the
 * configured one's place, for each test), so answers quote the document word for word.
 */
@QuarkusTest
class OpenAiCompatibilityTest {

    /** Words no other test's documents use, so retrieval finds this document whatever else is stored. */
    private static final String DOCUMENT = """
            # Vexmoor lantern

            The Vexmoor lantern burns for 31 hours on one charge of its quillfeather cell.
            Its glass is tempered orvanite, which survives a fall of four metres.

            ## Care
            Wipe the orvanite glass with a dry cloth; never submerge the quillfeather cell.
            """;
    private static final String QUESTION = "How many hours does the Vexmoor lantern burn on one quillfeather charge?";

    @TestHTTPResource("/v1")
    URL v1;

    @Inject
    ExtractiveAnswerGenerator extractive;

    private OpenAIClient client;
    private String documentId;

    @BeforeEach
    void setUp() {
        SelectedGenerator.replaceForThisTest(extractive);
        // Idempotent: the same source and content is answered `unchanged` after the first run.
        documentId = given().contentType(ContentType.JSON)
                .body(Map.of("title", "Vexmoor lantern", "source", "tests/openai/vexmoor-lantern.md", "content", DOCUMENT))
                .post("/api/documents")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract().path("id");
        client = OpenAIOkHttpClient.builder()
                .baseUrl(v1.toString())
                .apiKey("unused")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .responseValidation(true)
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void modelsListTheGroundedPipeline() {
        List<Model> models = client.models().list().data();

        assertThat(models).extracting(Model::id).containsExactly("ragchat");
        Model ragchat = models.get(0);
        assertThat(ragchat.ownedBy()).isEqualTo("ragchat");
        assertThat(json(ragchat._additionalProperties().get("ragchat")).path("provider").asText()).isEqualTo("extractive");
        assertThat(client.models().retrieve("ragchat").id()).isEqualTo("ragchat");
    }

    @Test
    void completionQuotesTheDocumentAndCarriesItsSources() {
        ChatCompletion completion = client.chat().completions().create(question().build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).hasValueSatisfying(text -> assertThat(text).contains("31 hours"));
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo("ragchat");
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens())
                .isEqualTo(usage.promptTokens() + usage.completionTokens()).isPositive());

        JsonNode grounding = json(completion._additionalProperties().get("ragchat"));
        assertThat(grounding.path("sources").findValuesAsText("documentId")).contains(documentId);
        assertThat(completion.id()).isEqualTo("chatcmpl-" + grounding.path("messageId").asText());
        // The answer is ragchat's: stored in the conversation the extension names.
        given().get("/api/conversations/{id}/messages", grounding.path("conversationId").asText())
                .then().statusCode(200)
                .body("role", org.hamcrest.Matchers.contains("user", "assistant"))
                .body("[1].content", org.hamcrest.Matchers.equalTo(choice.message().content().orElseThrow()));
    }

    @Test
    void streamedAnswerIsTheWholeAnswerTokenByToken() {
        String whole = client.chat().completions().create(question().build()).choices().get(0).message().content()
                .orElseThrow();

        List<ChatCompletionChunk> chunks = stream(question().build());

        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        // Sources come first, with the role; the last chunk finishes the answer.
        ChatCompletionChunk first = chunks.get(0);
        assertThat(first.choices().get(0).delta().role()).hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        assertThat(json(first._additionalProperties().get("ragchat")).path("sources").findValuesAsText("documentId"))
                .contains(documentId);
        assertThat(chunks.subList(1, chunks.size())).allSatisfy(chunk -> assertThat(chunk._additionalProperties())
                .doesNotContainKey("ragchat"));
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.choices().get(0).finishReason()).isEmpty());
        assertThat(last.usage()).isEmpty();
    }

    @Test
    void includeUsageAddsAUsageChunk() {
        List<ChatCompletionChunk> chunks = stream(question()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.completionTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        });
        ChatCompletionChunk beforeUsage = chunks.get(chunks.size() - 2);
        assertThat(beforeUsage.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void theWireFormatIsOpenAis() {
        String body = given().contentType(ContentType.JSON)
                .body(Map.of("model", "ragchat", "stream", true, "messages", List.of(Map.of("role", "user", "content", QUESTION))))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .extract().asString();

        assertThat(body).startsWith("data: {").endsWith("}\n\ndata: [DONE]\n\n");
        assertThat(body.split("\n\n")).allSatisfy(event -> assertThat(event).startsWith("data: ").doesNotContain("\n"));
    }

    @Test
    void invalidRequestsGetOpenAiErrors() {
        BadRequestException noMessages = catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("ragchat")
                        .messages(List.of()).build()));
        assertError(noMessages, 400, "invalid_request_error", "invalid_request");
        assertThat(noMessages.param()).hasValue("messages");

        NotFoundException unknownModel = catchThrowableOfType(NotFoundException.class,
                () -> client.chat().completions().create(question().model("gpt-4o").build()));
        assertError(unknownModel, 404, "invalid_request_error", "model_not_found");
        assertThat(catchThrowableOfType(NotFoundException.class, () -> client.models().retrieve("gpt-4o")).code())
                .hasValue("model_not_found");

        // Checked before the stream starts, so a streamed request gets the status too.
        ChatCompletionCreateParams topKOutOfRange = question()
                .putAdditionalBodyProperty("ragchat", JsonValue.from(Map.of("topK", 99))).build();
        BadRequestException streamed = catchThrowableOfType(BadRequestException.class, () -> stream(topKOutOfRange));
        assertError(streamed, 400, "invalid_request_error", "invalid_request");
        assertThat(streamed.getMessage()).contains("topK");
        assertThat(catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(topKOutOfRange))).isNotNull();
    }

    @Test
    void conversationContinuesFromTheExtensionOrTheHeader() {
        String conversationId = grounding(client.chat().completions().create(question().build()))
                .path("conversationId").asText();

        ChatCompletion byBody = client.chat().completions().create(question()
                .putAdditionalBodyProperty("ragchat", JsonValue.from(Map.of("conversationId", conversationId))).build());
        ChatCompletion byHeader = client.chat().completions().create(question()
                .putAdditionalHeader("X-Ragchat-Conversation-Id", conversationId).build());

        assertThat(grounding(byBody).path("conversationId").asText()).isEqualTo(conversationId);
        assertThat(grounding(byHeader).path("conversationId").asText()).isEqualTo(conversationId);
        given().get("/api/conversations/{id}/messages", conversationId).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(6));

        NotFoundException unknown = catchThrowableOfType(NotFoundException.class, () -> stream(question()
                .putAdditionalHeader("X-Ragchat-Conversation-Id", UUID.randomUUID().toString()).build()));
        assertError(unknown, 404, "invalid_request_error", "not_found");
    }

    @Test
    void failureMidStreamEndsItWithAnErrorEvent() {
        SelectedGenerator.replaceForThisTest(new ScriptedGenerator(Multi.createBy().concatenating().streams(
                Multi.createFrom().item(new GenerationEvent.Token("Partial ")),
                Multi.createFrom().failure(new GenerationException("The model server closed the stream")))));
        StringBuilder text = new StringBuilder();

        SseException failure = catchThrowableOfType(SseException.class, () -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(question().build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            }
        });

        assertThat(text.toString()).isEqualTo("Partial ");
        assertThat(failure.type()).hasValue("server_error");
        assertThat(failure.code()).hasValue("upstream_error");
        assertThat(failure.getMessage()).contains("The model server closed the stream");
    }

    @Test
    void closingTheStreamCancelsTheAnswer() {
        // Silent for longer than the keep-alive interval, then slow: the client leaves in the middle.
        SelectedGenerator.replaceForThisTest(new ScriptedGenerator(Multi.createFrom().ticks()
                .startingAfter(Duration.ofMillis(600)).every(Duration.ofMillis(50))
                .select().first(200)
                .map(i -> new GenerationEvent.Token("word" + i + " "))));

        String conversationId;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(question().build())) {
            List<ChatCompletionChunk> firstTwo = stream.stream().limit(2).toList();
            conversationId = json(firstTwo.get(0)._additionalProperties().get("ragchat")).path("conversationId").asText();
            assertThat(firstTwo.get(1).choices().get(0).delta().content()).hasValue("word0 ");
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).body("[1].status", org.hamcrest.Matchers.equalTo("cancelled")));
    }

    @Test
    void keepAliveCommentsFillTheSilence() throws Exception {
        SelectedGenerator.replaceForThisTest(new ScriptedGenerator(Multi.createFrom().item(new GenerationEvent.Token("Late"))
                .onItem().call(token -> Uni.createFrom().nullItem().onItem().delayIt().by(Duration.ofMillis(600)))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"ragchat","stream":true,"messages":[{"role":"user","content":"%s"}]}""".formatted(QUESTION)))
                .build();

        List<String> lines = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            }
        }

        assertThat(lines).contains(": keep-alive");
        assertThat(lines.indexOf(": keep-alive")).isLessThan(indexOfFirst(lines, "\"content\":\"Late\""));
        assertThat(lines).last().isEqualTo("");
        assertThat(lines).contains("data: [DONE]");
    }

    private static ChatCompletionCreateParams.Builder question() {
        return ChatCompletionCreateParams.builder().model("ragchat").addUserMessage(QUESTION);
    }

    private List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            return stream.stream().toList();
        }
    }

    private static JsonNode grounding(ChatCompletion completion) {
        return json(completion._additionalProperties().get("ragchat"));
    }

    private static JsonNode json(JsonValue value) {
        assertThat(value).as("the ragchat extension").isNotNull();
        return value.convert(JsonNode.class);
    }

    private static void assertError(OpenAIServiceException error, int status, String type, String code) {
        assertThat(error).as("expected HTTP %d", status).isNotNull();
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.type()).hasValue(type);
        assertThat(error.code()).hasValue(code);
    }

    private static int indexOfFirst(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    /** A back-end that answers every prompt with the given tokens (then its completion, if they end). */
    private record ScriptedGenerator(Multi<? extends GenerationEvent> tokens) implements AnswerGenerator {

        @Override
        public String provider() {
            return "extractive";
        }

        @Override
        public String defaultModel() {
            return "extractive";
        }

        @Override
        public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
            return Multi.createBy().concatenating().streams(tokens.map(GenerationEvent.class::cast),
                    Multi.createFrom().item(new GenerationEvent.Completed(prompt.tokens(), 1)));
        }

        @Override
        public Uni<Void> probe(ModelRoute route) {
            return Uni.createFrom().voidItem();
        }
    }
}
