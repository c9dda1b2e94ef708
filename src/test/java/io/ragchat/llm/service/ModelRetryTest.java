package io.ragchat.llm.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * The {@code llm} fault-tolerance policy: a model server that refuses before streaming is asked again,
 * and the user gets the answer; a stream that broke after tokens, or a request the server rejects as bad,
 * is never sent again.
 */
@QuarkusTest
class ModelRetryTest {

    private static final String CHAT = "POST /api/chat";

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    Database db;

    @TestHTTPResource("/api/chat")
    URL chat;

    @AfterEach
    void clearFault() {
        simulator.clearFault();
    }

    @Test
    void aModelServerThatRefusedBeforeStreamingIsAskedAgainAndTheAnswerStreams() {
        ingest("The " + unique("kiwi") + " is a flightless bird of New Zealand.");
        long before = simulator.stats().requests(CHAT);
        simulator.injectFault(new Fault.FailBeforeStream(503, "model runner restarting"), 1);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"Which bird cannot fly?\"}");

        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
        assertThat(events).anyMatch(e -> e.name().equals("token"));
        assertThat(simulator.stats().requests(CHAT) - before).isEqualTo(2);
    }

    @Test
    void aStreamThatBrokeAfterTokensIsNotRunAgain() {
        ingest("The " + unique("okapi") + " lives in the rainforest of the Congo.");
        long before = simulator.stats().requests(CHAT);
        simulator.injectFault(new Fault.FailAfterTokens(2, "out of memory"), 1);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"Where does it live?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(new JsonObject(last.data()).getInteger("status")).isEqualTo(502);
        assertThat(events.stream().filter(e -> e.name().equals("token"))).hasSize(2);
        UUID answerId = UUID.fromString(new JsonObject(events.get(0).data()).getString("messageId"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(db.messageStatus(answerId)));
        assertThat(simulator.stats().requests(CHAT) - before).isEqualTo(1);
    }

    @Test
    void aRequestTheModelServerRejectsIsNotSentAgain() {
        ingest("The " + unique("quoll") + " hunts at night.");
        long before = simulator.stats().requests(CHAT);
        simulator.injectFault(new Fault.FailBeforeStream(400, "invalid options"), 1);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"When does it hunt?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(new JsonObject(last.data()).getInteger("status")).isEqualTo(502);
        assertThat(simulator.stats().requests(CHAT) - before).isEqualTo(1);
    }

    private static void ingest(String content) {
        given().contentType(ContentType.JSON).body(Map.of("title", "Fauna", "content", content))
                .post("/api/documents").then().statusCode(201);
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
