package io.ragchat.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.document.parsing.TestFiles;
import io.ragchat.testing.EventLoopWatch;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Nothing a user can ask for blocks a Vert.x event loop: every event loop is watched ({@link EventLoopWatch})
 * while documents are ingested (as JSON, Markdown, and files parsed: PDF, DOCX as a form, HTML) and questions are asked every way the API offers — streamed (POST and GET),
 * as text, as JSON, through the OpenAI-compatible API (streamed and not), as a follow-up in a conversation,
 * with the question's vector computed (cache miss) and found (hit), stopped mid-answer, and eight at once —
 * and the history is read back. A single sample of an event loop waiting, or running the JDBC driver, a
 * blocking socket or the embedding model, fails it.
 */
@QuarkusTest
class EventLoopTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/api/chat")
    URL chat;

    /**
     * Back to a fresh simulator: the stopped stream's cancellation (recorded seconds before this runs) must
     * not count in another class's test.
     */
    @AfterEach
    void freshSimulator() {
        simulator.reset();
    }

    @Test
    void noRequestOfTheChatPathBlocksAnEventLoop() throws Exception {
        // Answers stream over a few hundred milliseconds, so the event loops are busy with many streams at once.
        simulator.updateProfile(p -> p.decodeTokensPerSecond(200).answerTokens(30));
        String word = "kestrel" + UUID.randomUUID().toString().substring(0, 8);
        try (EventLoopWatch watch = EventLoopWatch.start(vertx)) {
            ingest("Birds of the cliffs", "# Birds\n\nThe " + word + " hovers over the cliffs and nests in ledges.");
            given().contentType("text/markdown").body("# Hedges\n\nHedges shelter the " + word + "'s prey in winter.")
                    .post("/api/documents?title=Hedges&source=event-loop/" + word + ".md").then().statusCode(201);
            // Files are parsed, which blocks: raw, as a form, and an HTML page.
            given().contentType("application/pdf").body(TestFiles.pdf(List.of(List.of("The " + word + " eats voles."),
                    List.of("It hunts at dawn.")))).queryParam("source", "event-loop/" + word + ".pdf")
                    .post("/api/documents").then().statusCode(201);
            given().multiPart("file", "moors.docx", TestFiles.docx(List.of("# Moors", "The " + word + " roosts on moors.")),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                    .post("/api/documents").then().statusCode(201);
            given().contentType("text/html").body("<html><body><main><h1>Dunes</h1><p>The " + word + " hunts over dunes.</p>"
                    + "</main></body></html>").post("/api/documents").then().statusCode(201);

            String question = "Where does the " + word + " nest?";
            UUID conversation = streamed(question, null);   // the question's vector is computed: a miss
            JsonObject hit = done(SseClient.post(URI.create(chat.toString()), body(question, conversation)));
            assertThat(hit.getBoolean("embeddingCached")).as("the repeated question hit the cache").isTrue();
            given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body("What does it eat?", conversation))
                    .post("/api/chat").then().statusCode(200);
            given().contentType(ContentType.JSON).accept(ContentType.TEXT).body(body("And in winter?", null))
                    .post("/api/chat").then().statusCode(200);
            assertThat(SseClient.get(URI.create(chat + "/stream?message="
                    + URLEncoder.encode("Does the " + word + " hover?", StandardCharsets.UTF_8))))
                    .anyMatch(e -> e.name().equals("done"));
            List<Event> stopped = SseClient.post(URI.create(chat.toString()), body("Tell me about the cliffs.", null),
                    e -> e.name().equals("token"));
            assertThat(stopped).anyMatch(e -> e.name().equals("token"));
            openAi(false);
            openAi(true);
            given().get("/v1/models").then().statusCode(200);

            try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<UUID>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String q = i % 2 == 0 ? question : "How high does the " + word + " fly? (" + i + ")";
                    answers.add(users.submit(() -> streamed(q, null)));
                }
                for (Future<UUID> answer : answers) {
                    answer.get();
                }
            }
            given().get("/api/conversations").then().statusCode(200);
            given().get("/api/conversations/" + conversation).then().statusCode(200);
            given().get("/api/conversations/" + conversation + "/messages").then().statusCode(200);
            given().get("/api/documents").then().statusCode(200);

            assertThat(watch.samples()).as("the event loops were sampled").isGreaterThan(100);
            assertThat(watch.findings()).as("event loops %s seen blocked", watch.threadNames()).isEmpty();
        }
    }

    private UUID streamed(String question, UUID conversation) {
        List<Event> events = SseClient.post(URI.create(chat.toString()), body(question, conversation));
        done(events);
        return UUID.fromString(new JsonObject(events.getFirst().data()).getString("conversationId"));
    }

    private static JsonObject done(List<Event> events) {
        assertThat(events.getLast().name()).as("the answer ended with done: %s", events.getLast()).isEqualTo("done");
        return new JsonObject(events.getLast().data());
    }

    private static void openAi(boolean stream) {
        given().contentType(ContentType.JSON).body(Map.of("model", "ragchat", "stream", stream, "messages",
                List.of(Map.of("role", "user", "content", "Which birds nest on cliffs?"))))
                .post("/v1/chat/completions").then().statusCode(200);
    }

    private static void ingest(String title, String content) {
        given().contentType(ContentType.JSON).body(Map.of("title", title, "content", content))
                .post("/api/documents").then().statusCode(201);
    }

    private static String body(String message, UUID conversation) {
        JsonObject body = new JsonObject().put("message", message);
        if (conversation != null) {
            body.put("conversationId", conversation.toString());
        }
        return body.encode();
    }
}
