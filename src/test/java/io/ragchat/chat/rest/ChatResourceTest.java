package io.ragchat.chat.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.testing.Database;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.RecordedRequest;
import io.ragchat.testing.llm.SimulatorProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The chat API end to end: real PostgreSQL + pgvector, real Redis, real HTTP, the Ollama-protocol simulator. */
@QuarkusTest
class ChatResourceTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    Database db;

    @TestHTTPResource("/api/chat")
    URL chat;

    @AfterEach
    void restoreSimulator() {
        simulator.clearFault();
        simulator.profile(SimulatorProfile.fast());
    }

    @Test
    void streamsAGroundedAnswerTokenByTokenAndKeepsTheConversation() {
        String word = unique("quokka");
        UUID relevant = ingest("Island fauna", "The " + word + " lives on Rottnest Island and eats leaves at night.");
        ingest("Unrelated", "Spreadsheets " + unique("ledger") + " sum columns of numbers for accountants.");
        simulator.updateProfile(p -> p.decodeTokensPerSecond(40).answerTokens(12));

        List<Event> events = SseClient.post(URI.create(chat.toString()),
                "{\"message\":\"Where does the " + word + " live?\"}");

        List<String> names = events.stream().map(Event::name).toList();
        assertThat(names.subList(0, 4)).containsExactly("meta", "status", "sources", "status");
        assertThat(names.get(names.size() - 1)).isEqualTo("done");
        assertThat(names.subList(4, names.size() - 1)).isNotEmpty().allMatch("token"::equals);
        assertThat(new JsonObject(events.get(1).data()).getString("stage")).isEqualTo("retrieving");
        assertThat(new JsonObject(events.get(3).data()).getString("stage")).isEqualTo("generating");

        JsonObject meta = new JsonObject(events.get(0).data());
        assertThat(meta.getString("provider")).isEqualTo("ollama");
        assertThat(meta.getString("model")).isEqualTo("qwen2.5:0.5b");
        JsonArray sources = new JsonArray(events.get(2).data());
        assertThat(sources.getJsonObject(0).getString("documentId")).isEqualTo(relevant.toString());
        assertThat(sources.getJsonObject(0).getString("snippet")).contains(word);

        List<Event> tokens = events.stream().filter(e -> e.name().equals("token")).toList();
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(10);
        Duration spread = Duration.ofNanos(tokens.get(tokens.size() - 1).receivedNanos() - tokens.get(0).receivedNanos());
        assertThat(spread).as("tokens arrive as the model produces them, not at the end")
                .isGreaterThan(Duration.ofMillis(150));

        JsonObject done = new JsonObject(events.get(events.size() - 1).data());
        assertThat(done.getJsonObject("timings").fieldNames())
                .contains("embeddingMs", "retrievalMs", "historyMs", "firstTokenMs", "llmMs", "totalMs");
        assertThat(done.getJsonObject("usage").getInteger("completionTokens")).isEqualTo(12);

        String answer = tokens.stream().map(e -> new JsonObject(e.data()).getString("text")).collect(Collectors.joining());
        UUID conversation = UUID.fromString(meta.getString("conversationId"));
        UUID answerId = UUID.fromString(meta.getString("messageId"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.messagesOf(conversation) == 2);
        assertThat(db.messageStatus(answerId)).isEqualTo("complete");
        assertThat(db.messageContent(answerId)).isEqualTo(answer);

        String prompt = lastChatRequest().body().getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("content")).collect(Collectors.joining("\n"));
        assertThat(prompt).contains("Rottnest Island").contains("Where does the " + word + " live?");
    }

    @Test
    void aMetadataFilterKeepsSourcesToTheMatchingDocuments() {
        String word = unique("badger");
        String team = unique("team");
        UUID wanted = ingest("Setts", "The " + word + " digs a sett under old oaks.", Map.of("team", team));
        ingest("Setts again", "The " + word + " digs a sett under old oaks, they say.", Map.of("team", "other"));

        var answer = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "Where does the " + word + " dig?", "topK", 5, "filter", Map.of("team", team)))
                .post("/api/chat").then().statusCode(200).extract();

        List<String> documents = answer.jsonPath().getList("sources.documentId", String.class);
        assertThat(documents).isNotEmpty().containsOnly(wanted.toString());
    }

    @Test
    void everyRequestAsksOllamaToKeepTheModelLoaded() {
        ingest("Keep alive", "The " + unique("heron") + " waits by the pond.");

        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("message", "What waits by the pond?"))
                .post("/api/chat").then().statusCode(200);

        JsonObject body = lastChatRequest().body();
        assertThat(body.getString("keep_alive")).isEqualTo("30m");
        assertThat(body.getBoolean("stream")).isTrue();
        assertThat(body.getJsonObject("options").getInteger("num_predict")).isEqualTo(512);
    }

    @Test
    void plainTextAndJsonCarryTheSameAnswer() {
        String word = unique("narwhal");
        ingest("Arctic", "The " + word + " has a long spiral tusk.");
        String question = "{\"message\":\"What does the " + word + " have?\"}";

        String text = given().contentType(ContentType.JSON).accept(ContentType.TEXT).body(question)
                .post("/api/chat").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .extract().asString();
        var json = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(question)
                .post("/api/chat").then().statusCode(200)
                .header("Server-Timing", containsString("retrieval;dur="))
                .body("provider", is("ollama"))
                .body("sources[0].snippet", containsString(word))
                .body("timings.totalMs", notNullValue())
                .extract();

        assertThat(text).isNotBlank().isEqualTo(json.path("answer"));
    }

    @Test
    void theBrowserEventSourceGetsTheSameStream() {
        String word = unique("axolotl");
        ingest("Amphibians", "The " + word + " regrows its limbs.");

        List<Event> events = SseClient.get(URI.create(chat + "/stream?message=What+regrows+its+limbs%3F"));

        assertThat(events.get(0).name()).isEqualTo("meta");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
        assertThat(events).anyMatch(e -> e.name().equals("token"));
    }

    @Test
    void aSecondQuestionContinuesTheConversation() {
        String word = unique("pangolin");
        ingest("Scales", "The " + word + " is covered in keratin scales.");
        var first = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What covers the " + word + "?"))
                .post("/api/chat").then().statusCode(200).extract();
        String conversation = first.path("conversationId");
        String firstAnswer = first.path("answer");

        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "And what are they made of?", "conversationId", conversation))
                .post("/api/chat").then().statusCode(200).body("conversationId", is(conversation));

        JsonArray messages = lastChatRequest().body().getJsonArray("messages");
        assertThat(messages.getJsonObject(1).getString("role")).isEqualTo("user");
        assertThat(messages.getJsonObject(1).getString("content")).isEqualTo("What covers the " + word + "?");
        assertThat(messages.getJsonObject(2).getString("role")).isEqualTo("assistant");
        assertThat(messages.getJsonObject(2).getString("content")).isEqualTo(firstAnswer);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> db.messagesOf(UUID.fromString(conversation)) == 4);
        given().get("/api/conversations/" + conversation + "/messages").then().statusCode(200)
                .body("size()", is(4)).body("[0].role", is("user")).body("[3].role", is("assistant"));
    }

    @Test
    void anErrorFromTheModelMidStreamEndsTheStreamAndIsStoredAsFailed() {
        ingest("Faults", "The " + unique("gecko") + " climbs glass.");
        simulator.injectFault(new Fault.FailAfterTokens(3, "out of memory"));

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"What climbs glass?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(new JsonObject(last.data()).getInteger("status")).isEqualTo(502);
        assertThat(events.stream().filter(e -> e.name().equals("token"))).hasSize(3);
        UUID answerId = UUID.fromString(new JsonObject(events.get(0).data()).getString("messageId"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(db.messageStatus(answerId)));
        assertThat(db.messageContent(answerId)).isNotEmpty();
    }

    @Test
    void aClientThatGoesAwayCancelsTheGenerationUpstream() {
        ingest("Cancel", "The " + unique("sloth") + " moves slowly through the canopy.");
        simulator.updateProfile(p -> p.decodeTokensPerSecond(20).answerTokens(400));
        long cancelledBefore = simulator.stats().cancelledStreams();

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"How does it move?\"}",
                e -> e.name().equals("token"));

        assertThat(simulator.stats().awaitCancellation(Duration.ofSeconds(5))).isTrue();
        assertThat(simulator.stats().cancelledStreams()).isGreaterThan(cancelledBefore);
        UUID answerId = UUID.fromString(new JsonObject(events.get(0).data()).getString("messageId"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(db.messageStatus(answerId)));
        assertThat(db.messageContent(answerId)).isNotEmpty();
    }

    @Test
    void aFollowUpAskedWhileTheFirstAnswerStillStreamsIsAccepted() throws Exception {
        ingest("Herons", "The " + unique("heron") + " stands still in shallow water.");
        simulator.updateProfile(p -> p.decodeTokensPerSecond(20).answerTokens(400));
        URI uri = URI.create(chat.toString());
        CompletableFuture<UUID> conversation = new CompletableFuture<>();
        CompletableFuture<Void> followedUp = new CompletableFuture<>();
        // The first answer streams for about 20 s: it is still open when the follow-up is asked (as when a user
        // presses Stop and asks again before the service has noticed the closed connection).
        CompletableFuture<List<Event>> first = CompletableFuture.supplyAsync(() -> SseClient.post(uri,
                "{\"message\":\"Where does it stand?\"}", event -> {
                    if (event.name().equals("meta")) {
                        conversation.complete(UUID.fromString(new JsonObject(event.data()).getString("conversationId")));
                    }
                    return event.name().equals("token") && followedUp.isDone();
                }));
        UUID conversationId = conversation.get(30, TimeUnit.SECONDS);

        List<Event> followUp = SseClient.post(uri, new JsonObject().put("message", "And what does it eat?")
                .put("conversationId", conversationId.toString()).encode(), event -> event.name().equals("meta"));
        followedUp.complete(null);

        assertThat(followUp).last().extracting(Event::name).isEqualTo("meta");
        assertThat(new JsonObject(followUp.get(0).data()).getString("conversationId")).isEqualTo(conversationId.toString());
        assertThat(first.get(30, TimeUnit.SECONDS)).anyMatch(event -> event.name().equals("token"));
    }

    @Test
    void aClientThatGoesAwayBeforeTheFirstTokenCancelsTheGenerationUpstream() {
        ingest("Cancel early", "The " + unique("loris") + " climbs slowly at night.");
        // About two seconds of prompt reading before the first token: the client leaves during it.
        simulator.updateProfile(p -> p.prefillTokensPerSecond(100).decodeTokensPerSecond(20).answerTokens(400));
        long cancelledBefore = simulator.stats().cancelledStreams();

        SseClient.post(URI.create(chat.toString()), "{\"message\":\"When does it climb?\"}",
                e -> e.name().equals("status") && e.data().contains("generating"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().cancelledStreams() > cancelledBefore);
        assertThat(simulator.stats().activeStreams()).isZero();
    }

    @Test
    void aModelTheServerDoesNotHaveIsABadGatewayErrorEvent() {
        ingest("Models", "The " + unique("tapir") + " has a short trunk.");
        simulator.updateProfile(p -> p.models("llama3.1:8b"));

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"What has a trunk?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(new JsonObject(last.data()).getInteger("status")).isEqualTo(502);
        assertThat(events).noneMatch(e -> e.name().equals("token"));
    }

    @Test
    void badQuestionsAreRefusedWithProblemsAndNothingIsWritten() {
        db.awaitHistoryWritten(); // earlier tests' answers are still being written in the background
        long messages = db.messages();

        refused(Map.of("message", ""), 400);
        refused(Map.of("message", "x".repeat(4001)), 413);
        refused(Map.of("message", "hi", "topK", 0), 400);
        refused(Map.of("message", "hi", "topK", 11), 400);
        refused(Map.of("message", "hi", "conversationId", UUID.randomUUID().toString()), 404);
        refused(Map.of("message", "hi", "model", "gigantic"), 400);
        given().contentType(ContentType.JSON).accept("text/event-stream").body("{\"message\": ")
                .post("/api/chat").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).accept("text/event-stream").body("{\"message\": \"hi\", \"topK\": \"many\"}")
                .post("/api/chat").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.XML).accept("text/event-stream").body("<message>hi</message>")
                .post("/api/chat").then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.JSON).accept("image/png").body(Map.of("message", "hi"))
                .post("/api/chat").then().statusCode(406);
        for (String parameter : List.of("topK=many", "conversationId=zz")) {
            String name = parameter.substring(0, parameter.indexOf('='));
            given().accept("text/event-stream").get("/api/chat/stream?message=hi&" + parameter).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", startsWith(name + ": must be"))
                    .body("violations[0].field", is(name));
        }

        // Each broken rule is named as field: reason, the same over GET as in a JSON body.
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("message", "x".repeat(4001), "topK", 11))
                .post("/api/chat").then().statusCode(400)
                .body("detail", is("message: 4001 characters, at most 4000 are accepted (ragchat.chat.max-message-length); "
                        + "topK: must be between 1 and 10"));
        given().accept("text/event-stream").get("/api/chat/stream?message=" + "x".repeat(4001)).then().statusCode(413)
                .contentType("application/problem+json").body("violations[0].field", is("message"));
        given().accept("text/event-stream").queryParam("message", " ").get("/api/chat/stream").then().statusCode(400)
                .body("detail", is("message: must not be blank"));

        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> db.messages() == messages);
    }

    private void refused(Map<String, Object> body, int status) {
        for (String accept : List.of("text/event-stream", "application/json", "text/plain")) {
            given().contentType(ContentType.JSON).accept(accept).body(body)
                    .post("/api/chat").then().statusCode(status)
                    .contentType("application/problem+json")
                    .body("status", is(status))
                    .body("detail", notNullValue());
        }
    }

    private RecordedRequest lastChatRequest() {
        return simulator.stats().lastRequest("POST /api/chat").orElseThrow();
    }

    private static UUID ingest(String title, String content) {
        return ingest(title, content, Map.of());
    }

    private static UUID ingest(String title, String content, Map<String, Object> metadata) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "metadata", metadata))
                .post("/api/documents").then().statusCode(201).extract().path("id"));
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
