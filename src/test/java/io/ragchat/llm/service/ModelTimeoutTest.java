package io.ragchat.llm.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * A model that never starts answering fails after the {@code llm} policy's timeout, without a retry, and
 * one that goes silent mid-answer after {@code ragchat.llm.idle-timeout}, its request closed; both with a
 * 504 error event. Short limits, so the test waits seconds, not minutes.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class ModelTimeoutTest {

    private static final String CHAT = "POST /api/chat";

    @InjectLlmSimulator
    LlmSimulator simulator;

    @TestHTTPResource("/api/chat")
    URL chat;

    @AfterEach
    void clearFault() {
        simulator.clearFault();
    }

    @Test
    void aModelThatNeverAnswersTimesOutWithoutARetry() {
        ingest("The " + unique("dugong") + " grazes on seagrass.");
        long before = simulator.stats().requests(CHAT);
        simulator.injectFault(new Fault.StallAfterTokens(0), 1);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"What does it graze on?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        JsonObject problem = new JsonObject(last.data());
        assertThat(problem.getInteger("status")).isEqualTo(504);
        assertThat(problem.getString("detail")).contains("\"llm\"");
        assertThat(events).noneMatch(e -> e.name().equals("token"));
        assertThat(simulator.stats().requests(CHAT) - before).isEqualTo(1);
    }

    @Test
    void aModelThatFallsSilentMidAnswerFailsAfterTheIdleTimeout() {
        ingest("The " + unique("tuatara") + " has a third eye.");
        long cancelledBefore = simulator.stats().cancelledStreams();
        simulator.injectFault(new Fault.StallAfterTokens(3), 1);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"What does it have?\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        JsonObject problem = new JsonObject(last.data());
        assertThat(problem.getInteger("status")).isEqualTo(504);
        assertThat(problem.getString("detail")).contains("ragchat.llm.idle-timeout");
        assertThat(events.stream().filter(e -> e.name().equals("token"))).hasSize(3);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> simulator.stats().cancelledStreams() > cancelledBefore);
    }

    private static void ingest(String content) {
        given().contentType(ContentType.JSON).body(Map.of("title", "Reptiles", "content", content))
                .post("/api/documents").then().statusCode(201);
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
