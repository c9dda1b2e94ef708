package io.ragchat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.bedrock.BedrockReply;
import io.ragchat.testing.bedrock.BedrockStub;
import io.ragchat.testing.bedrock.ConverseCall;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Generation on Amazon Bedrock (ConverseStream) against a local stand-in that speaks its event-stream wire
 * protocol: answers stream token by token with Bedrock's usage, a client that leaves stops the model, the
 * {@code llm} guard asks again only when Bedrock was throttled or unavailable before answering, and
 * readiness proves a real one-token inference. The packaged service is configured as an operator would
 * configure it: the provider, the model, the region and an endpoint override, and static credentials as the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties, which the AWS SDK's default
 * credentials chain reads first: nothing about credentials goes through ragchat's configuration.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class BedrockProviderIT {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String REGION = "eu-west-3";
    private static final String ACCESS_KEY_ID = "AKIDRAGCHATTEST";

    private static BedrockStub bedrock;
    private static AppProcess service;
    private static RequestSpecification api;
    private static URI chat;

    @BeforeAll
    static void start() {
        bedrock = BedrockStub.start();
        service = PackagedService.start("bedrock-provider", Map.of(
                "ragchat.llm.provider", "bedrock",
                "ragchat.llm.bedrock.model-id", MODEL,
                "ragchat.llm.bedrock.endpoint-override", bedrock.endpoint(),
                "ragchat.llm.bedrock.region", REGION,
                "aws.accessKeyId", ACCESS_KEY_ID,
                "aws.secretAccessKey", "not-a-secret",
                // readiness asks Bedrock again after a second, so that the test sees it go and come back
                "ragchat.health.llm-probe-ttl", "1s"));
        api = new RequestSpecBuilder().setBaseUri(service.uri("").toString()).build();
        chat = service.uri("/api/chat");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        bedrock.stop();
    }

    @Test
    void anAnswerStreamsBedrocksTokensInOrderWithItsUsage() {
        String word = unique("caracal");
        ingest("The " + word + " jumps to catch birds.");
        List<String> tokens = List.of("The", " " + word, " jumps", " high", " [1]", ".");
        bedrock.script(word, new BedrockReply.Answer(tokens, Duration.ofMillis(20), 57));

        List<Event> events = SseClient.post(chat, ask("How does the " + word + " catch birds?"));

        JsonObject meta = new JsonObject(events.get(0).data());
        assertThat(meta.getString("provider")).isEqualTo("bedrock");
        assertThat(meta.getString("model")).isEqualTo(MODEL);
        assertThat(events.stream().filter(e -> e.name().equals("token")).map(e -> new JsonObject(e.data()).getString("text")))
                .containsExactlyElementsOf(tokens);
        Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        JsonObject usage = new JsonObject(done.data()).getJsonObject("usage");
        assertThat(usage.getInteger("promptTokens")).isEqualTo(57);
        assertThat(usage.getInteger("completionTokens")).isEqualTo(tokens.size());

        List<ConverseCall> calls = bedrock.callsContaining(word);
        assertThat(calls).hasSize(1);
        ConverseCall call = calls.get(0);
        assertThat(call.modelId()).isEqualTo(MODEL);
        assertThat(call.body().getJsonArray("system").getJsonObject(0).getString("text")).isNotBlank();
        JsonArray messages = call.body().getJsonArray("messages");
        JsonObject question = messages.getJsonObject(messages.size() - 1);
        assertThat(question.getString("role")).isEqualTo("user");
        assertThat(question.encode()).contains("catch birds").contains(word);
        assertThat(call.maxTokens()).isEqualTo(512);
        assertThat(call.body().getJsonObject("inferenceConfig").getDouble("temperature")).isCloseTo(0.2, offset(1e-6));
        // Signed with the SDK's default credentials chain (here the aws.* system properties) for the region.
        assertThat(call.authorization()).startsWith("AWS4-HMAC-SHA256")
                .contains("Credential=" + ACCESS_KEY_ID + "/")
                .contains("/" + REGION + "/bedrock/aws4_request");
    }

    @Test
    void aClientThatLeavesMidAnswerClosesBedrocksStream() {
        String word = unique("serval");
        ingest("The " + word + " hears rodents underground.");
        bedrock.script(word, new BedrockReply.StallAfter(List.of("It", " hears")));

        List<Event> seen = SseClient.post(chat, ask("What does the " + word + " hear?"),
                event -> event.name().equals("token") && event.data().contains(" hears"));

        assertThat(seen.get(seen.size() - 1).name()).isEqualTo("token");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> bedrock.callsContaining(word).stream().anyMatch(ConverseCall::clientLeft));
        assertThat(bedrock.callsContaining(word)).hasSize(1);
    }

    @Test
    void aClientThatLeavesBeforeBedrockAnswersAbortsTheRequest() throws Exception {
        String word = unique("margay");
        ingest("The " + word + " climbs down trees head first.");
        bedrock.script(word, new BedrockReply.Silent());

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(chat)
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(ask("How does the " + word + " climb?"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !bedrock.callsContaining(word).isEmpty());
            answer.body().close(); // the client leaves while Bedrock has not answered
        }

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> bedrock.callsContaining(word).get(0).clientLeft());
        assertThat(bedrock.callsContaining(word)).hasSize(1);
    }

    @Test
    void bedrockThrottledOrUnavailableBeforeAnsweringIsAskedAgainAndTheAnswerStreams() {
        String word = unique("kiwi");
        ingest("The " + word + " is a flightless bird of New Zealand.");
        bedrock.script(word,
                new BedrockReply.HttpError(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
                new BedrockReply.ExceptionFrame("throttlingException", "Too many tokens, please wait before trying again."));

        List<Event> events = SseClient.post(chat, ask("Which " + word + " cannot fly?"));

        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
        assertThat(events.stream().filter(e -> e.name().equals("token")).map(e -> new JsonObject(e.data()).getString("text")))
                .containsExactlyElementsOf(BedrockStub.DEFAULT_TOKENS);
        assertThat(bedrock.callsContaining(word)).hasSize(3);
    }

    @Test
    void aRequestBedrockRejectsIsAClearErrorAndIsNotSentAgain() {
        String word = unique("quoll");
        ingest("The " + word + " hunts at night.");
        bedrock.script(word,
                new BedrockReply.HttpError(400, "ValidationException", "The provided model identifier is invalid."),
                new BedrockReply.ExceptionFrame("validationException", "Input is too long for requested model."));

        JsonObject refused = error(SseClient.post(chat, ask("When does the " + word + " hunt?")));
        JsonObject refusedInStream = error(SseClient.post(chat, ask("Where does the " + word + " hunt?")));

        assertThat(refused.getInteger("status")).isEqualTo(502);
        assertThat(refused.getString("detail")).contains("ValidationException").contains("The provided model identifier is invalid.");
        assertThat(refusedInStream.getInteger("status")).isEqualTo(502);
        assertThat(refusedInStream.getString("detail")).contains("ValidationException").contains("Input is too long for requested model.");
        assertThat(bedrock.callsContaining(word)).hasSize(2);
    }

    @Test
    void readinessProvesAOneTokenBedrockInferenceAndTurnsFalseWhileBedrockIsUnreachable() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given(api).get("/q/health/ready").statusCode() == 200);
        JsonPath llm = given(api).get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .setRootPath("checks.find { it.name == 'llm' }");
        assertThat(llm.getString("status")).isEqualTo("UP");
        assertThat(llm.getString("data.provider")).isEqualTo("bedrock");
        assertThat(llm.getString("data.model")).isEqualTo(MODEL);
        given(api).get("/q/health/started").then().statusCode(200);
        assertThat(bedrock.calls()).anyMatch(call -> call.maxTokens() == 1 && call.modelId().equals(MODEL));

        bedrock.down();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> given(api).get("/q/health/ready").statusCode() == 503);
            JsonPath down = given(api).get("/q/health/ready").then().extract().jsonPath()
                    .setRootPath("checks.find { it.name == 'llm' }");
            assertThat(down.getString("status")).isEqualTo("DOWN");
            assertThat(down.getString("data.error")).contains("Bedrock");
            given(api).get("/q/health/live").then().statusCode(200);
        } finally {
            bedrock.up();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given(api).get("/q/health/ready").statusCode() == 200);
    }

    private static JsonObject error(List<Event> events) {
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(events).noneMatch(e -> e.name().equals("token"));
        return new JsonObject(last.data());
    }

    private static String ask(String question) {
        return new JsonObject().put("message", question).encode();
    }

    private static void ingest(String content) {
        given(api).contentType(ContentType.JSON).body(Map.of("title", "Fauna", "content", content))
                .post("/api/documents").then().statusCode(201);
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
