package io.ragchat.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsStringIgnoringCase;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.Database;
import io.ragchat.testing.FaultProxy;
import io.ragchat.testing.OutageStreams;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.StreamedAnswer;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * PostgreSQL goes away (a proxy closes every connection of this service; the shared server keeps running):
 * questions are refused at once with 503, readiness says so, and answers already streaming finish, their
 * turns waiting in memory until the database is back.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class DatabaseOutageTest {

    FaultProxy postgres;

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    Database db;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/api/chat")
    URI chat;

    @AfterEach
    void restore() {
        postgres.up();
        simulator.profile(SimulatorProfile.fast());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void whileTheDatabaseIsDownRequestsAre503AndReadinessIsDown() {
        postgres.down();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").statusCode() == 503);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", is("DOWN"));
        given().get("/q/health/live").then().statusCode(200);

        for (String accept : List.of("text/event-stream", "text/plain", "application/json")) {
            long start = System.nanoTime();
            Response response = given().contentType(ContentType.JSON).accept(accept)
                    .body(Map.of("message", "Is anybody there?")).post("/api/chat");
            assertUnavailable(response, accept);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, " + accept)
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertUnavailable(given().accept(ContentType.JSON).get("/api/documents"), "document list");
        assertUnavailable(given().contentType(ContentType.JSON)
                .body(Map.of("title", "Down", "content", "Nobody will read this.")).post("/api/documents"), "ingest");
        assertUnavailable(given().get("/api/conversations"), "conversations");
        for (boolean stream : new boolean[] { true, false }) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("model", "ragchat", "stream", stream,
                            "messages", List.of(Map.of("role", "user", "content", "Anyone?"))))
                    .post("/v1/chat/completions").then().statusCode(503)
                    .body("error.type", is("server_error"))
                    .body("error.code", is("service_unavailable"));
        }

        postgres.up();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("message", "Back again?"))
                .post("/api/chat").then().statusCode(200);
    }

    @Test
    void aDatabaseThatNeverAnswersIsGivenUpAfterTheConnectTimeout() {
        postgres.silent();

        for (String accept : List.of("text/event-stream", "application/json")) {
            long start = System.nanoTime();
            Response response = given().contentType(ContentType.JSON).accept(accept)
                    .body(Map.of("message", "Is anybody listening?")).post("/api/chat");
            assertUnavailable(response, accept);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("given up after ragchat.database.connect-timeout")
                    .isGreaterThanOrEqualTo(RemoteServicesProfile.DATABASE_CONNECT_TIMEOUT)
                    .isLessThan(RemoteServicesProfile.DATABASE_CONNECT_TIMEOUT.plusSeconds(10));
        }
    }

    @Test
    void answersStreamingWhenTheDatabaseGoesDownFinishAndTheirTurnsAreWrittenWhenItIsBack() {
        List<StreamedAnswer> answers = streamWhileTheDatabaseGoesDown(RemoteServicesProfile.HISTORY_QUEUE_SIZE);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.done()).isTrue());
        // Past the store's own quick retries: every turn now waits for the database in memory.
        awaitWaitingTurns(RemoteServicesProfile.HISTORY_QUEUE_SIZE);

        postgres.up();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> answers.stream().allMatch(answer -> db.messagesOf(answer.conversationId()) == 2));
        for (StreamedAnswer answer : answers) {
            assertThat(db.messageContent(answer.messageId())).isEqualTo(answer.text());
            assertThat(db.messageStatus(answer.messageId())).isEqualTo("complete");
        }
    }

    @Test
    void pastTheQueueBoundTheNewestTurnsAreDroppedAndCounted() {
        double droppedBefore = registry.get("ragchat.history.dropped").counter().count();
        int extra = 2;

        List<StreamedAnswer> answers = streamWhileTheDatabaseGoesDown(RemoteServicesProfile.HISTORY_QUEUE_SIZE + extra);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.done()).isTrue());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("ragchat.history.dropped").counter().count() - droppedBefore == extra);
        awaitWaitingTurns(RemoteServicesProfile.HISTORY_QUEUE_SIZE);
        postgres.up();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> registry.get("ragchat.history.queue.depth").gauge().value() == 0);
        long stored = answers.stream().filter(answer -> db.messagesOf(answer.conversationId()) == 2).count();
        assertThat(stored).isEqualTo(RemoteServicesProfile.HISTORY_QUEUE_SIZE);
    }

    private List<StreamedAnswer> streamWhileTheDatabaseGoesDown(int count) {
        return OutageStreams.streamWhileTheDatabaseGoesDown(chat, simulator, postgres, db, count);
    }

    private void awaitWaitingTurns(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.get("ragchat.history.waiting").gauge().value() == count);
    }

    private static void assertUnavailable(Response response, String what) {
        response.then().statusCode(503).contentType("application/problem+json")
                .body("status", is(503))
                .body("title", is("Service Unavailable"))
                .body(not(containsStringIgnoringCase("select")))
                .body(not(containsStringIgnoringCase("exception")));
        assertThat(response.asString()).as(what).contains("database");
    }
}
