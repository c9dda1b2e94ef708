package io.ragchat.history.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.Database;
import io.ragchat.testing.FaultProxy;
import io.ragchat.testing.OutageStreams;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.RunsLastInItsApplication;
import io.ragchat.testing.StreamedAnswer;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;

/**
 * Shutdown while turns wait for a database that is away: the drain holds the shutdown until the database is
 * back and every turn is written, and returns as soon as they are, not at the end of its budget. The drain
 * is the writer's shutdown observer, called here as Quarkus calls it; it stops the writers, so this class
 * is the last of its profile's and the next test class gets a fresh application.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
@RunsLastInItsApplication
class HistoryDrainTest {

    private static final Duration DRAIN_TIMEOUT = RemoteServicesProfile.HISTORY_DRAIN_TIMEOUT;
    private static final int TURNS = 2;

    FaultProxy postgres;

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    HistoryWriter writer;

    @Inject
    Database db;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/api/chat")
    URI chat;

    @Test
    void shutdownWaitsForTheQueuedTurnsAndReturnsOnceTheyAreWritten() throws Exception {
        List<StreamedAnswer> answers = OutageStreams.streamWhileTheDatabaseGoesDown(chat, simulator, postgres, db, TURNS);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.get("ragchat.history.waiting").gauge().value() == TURNS);

        long shutdownAsked = System.nanoTime();
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> writer.drain(new ShutdownEvent()));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !drain.isDone());
        postgres.up();
        drain.get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - shutdownAsked)).as("returned once the queue was empty")
                .isLessThan(DRAIN_TIMEOUT.dividedBy(3));
        for (StreamedAnswer answer : answers) {
            assertThat(db.messagesOf(answer.conversationId())).as("written before the drain returned").isEqualTo(2);
            assertThat(db.messageContent(answer.messageId())).isEqualTo(answer.text());
        }
        assertThat(writer.unwritten()).isEmpty();
    }
}
