package io.ragchat.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;

import io.ragchat.testing.llm.LlmSimulator;

/** Answers that are streaming when PostgreSQL goes away, for the tests of what happens to their turns. */
public final class OutageStreams {

    private OutageStreams() {
    }

    /**
     * Starts {@code count} slow answers (2 s each), closes the database once all are generating, and reads them
     * to the end. Waits first for earlier turns to be written, so the history queue then holds only these.
     */
    public static List<StreamedAnswer> streamWhileTheDatabaseGoesDown(URI chat, LlmSimulator simulator,
            FaultProxy postgres, Database db, int count) {
        db.awaitHistoryWritten();
        simulator.updateProfile(p -> p.decodeTokensPerSecond(20).answerTokens(40));
        int before = simulator.stats().activeStreams();
        List<CompletableFuture<List<SseClient.Event>>> streams = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> SseClient.post(chat,
                        "{\"message\":\"Outage question " + i + " " + UUID.randomUUID() + "\"}")))
                .toList();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> simulator.stats().activeStreams() - before >= count);
        postgres.down();
        return streams.stream().map(CompletableFuture::join).map(StreamedAnswer::of).toList();
    }
}
