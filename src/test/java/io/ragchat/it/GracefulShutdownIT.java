package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

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
import io.ragchat.testing.StreamedAnswer;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * The packaged service stopped with SIGTERM, as an orchestrator stops it: answers streaming at that moment
 * finish within the grace period ({@code quarkus.shutdown.timeout}), the history queue drains, the process
 * exits, and the database holds exactly the answers the clients received.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class GracefulShutdownIT {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private static LlmSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = LlmSimulator.start(SimulatorProfile.fast());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.stop();
    }

    @Test
    void streamsInFlightFinishAndEveryAnswerIsStoredBeforeTheProcessExits() throws Exception {
        int streams = 4;
        try (AppProcess app = PackagedService.start("graceful-shutdown", simulator, Map.of())) {
            simulator.profile(SimulatorProfile.fast());
            // About four seconds per answer: SIGTERM arrives while every one of them is streaming.
            simulator.updateProfile(p -> p.decodeTokensPerSecond(10).answerTokens(40));
            int before = simulator.stats().activeStreams();
            List<CompletableFuture<List<SseClient.Event>>> answers = IntStream.range(0, streams)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> SseClient.post(app.uri("/api/chat"),
                            "{\"message\":\"Shutdown question " + i + " " + UUID.randomUUID() + "\"}")))
                    .toList();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> simulator.stats().activeStreams() - before >= streams);

            long stopAsked = System.nanoTime();
            app.terminate();

            List<StreamedAnswer> received = answers.stream().map(CompletableFuture::join).map(StreamedAnswer::of).toList();
            assertThat(received).allSatisfy(answer -> assertThat(answer.done()).as("ended with done").isTrue());
            assertThat(app.awaitExit(GRACE.plusSeconds(15))).as("the process exits").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(GRACE.plusSeconds(10));
            try (Connection db = PackagedService.database()) {
                for (StreamedAnswer answer : received) {
                    assertThat(stored(db, answer.messageId())).as("stored answer " + answer.messageId())
                            .isEqualTo(new Stored("complete", answer.text()));
                    assertThat(messagesOf(db, answer.conversationId())).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void clientsThatLeftMidStreamDoNotHoldTheShutdown() throws Exception {
        try (AppProcess app = PackagedService.start("shutdown-after-disconnect", simulator, Map.of())) {
            // The model stalls after three tokens: nothing is written to the streams any more, so only the
            // disconnects themselves can end them before the shutdown timeout.
            simulator.injectFault(new Fault.StallAfterTokens(3));
            UUID messageId = readTokensThenDisconnect(app.uri("/api/chat"), 3);
            String plain = "{\"message\":\"Plain text please " + UUID.randomUUID() + "\"}";
            sendThenDisconnect(app.uri("/"), "POST /api/chat HTTP/1.1\r\nHost: ragchat\r\nContent-Type: application/json"
                    + "\r\nAccept: text/plain\r\nContent-Length: " + plain.length() + "\r\n\r\n" + plain);
            sendThenDisconnect(app.uri("/"), "GET /api/chat/stream?message=EventSource%20please HTTP/1.1\r\nHost: ragchat"
                    + "\r\nAccept: text/event-stream\r\n\r\n");
            String openAi = "{\"model\":\"ragchat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"OpenAI "
                    + UUID.randomUUID() + "\"}]}";
            sendThenDisconnect(app.uri("/"), "POST /v1/chat/completions HTTP/1.1\r\nHost: ragchat\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + openAi.length() + "\r\n\r\n" + openAi);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    simulator.stats().activeQuestions()).as("the model is still generating answers whose client left")
                    .isEmpty());

            long stopAsked = System.nanoTime();
            app.terminate();

            assertThat(app.awaitExit(GRACE.plusSeconds(15))).as("the process exits").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).as("well within the shutdown timeout")
                    .isLessThan(Duration.ofSeconds(20));
            try (Connection db = PackagedService.database()) {
                assertThat(stored(db, messageId).status()).isEqualTo("cancelled");
            }
        } finally {
            simulator.clearFault();
        }
    }

    /**
     * Asks over a raw socket, reads until {@code tokens} token events arrived, then closes the connection,
     * as a browser tab that is closed does. Answers the answer's message id.
     */
    private static UUID readTokensThenDisconnect(URI chat, int tokens) throws IOException {
        byte[] body = ("{\"message\":\"A long answer please " + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(chat.getHost(), chat.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + chat.getPath() + " HTTP/1.1\r\nHost: " + chat.getHost() + ":" + chat.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (count(seen, "event:token") + count(seen, "event: token") < tokens) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IllegalStateException("The stream ended early: " + seen);
                }
                seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            int start = seen.indexOf("\"messageId\":\"") + "\"messageId\":\"".length();
            return UUID.fromString(seen.substring(start, start + 36));
        }
    }

    /** Sends a request over a raw socket, waits for the first bytes of the answer, then closes the connection. */
    private static void sendThenDisconnect(URI base, String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            if (socket.getInputStream().read(new byte[8192]) < 0) {
                throw new IllegalStateException("No answer to " + request);
            }
        }
    }

    private static int count(CharSequence text, String needle) {
        return (text.length() - text.toString().replace(needle, "").length()) / needle.length();
    }

    private static Stored stored(Connection db, UUID messageId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT status, content FROM message WHERE id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new Stored(row.getString(1), row.getString(2)) : null;
            }
        }
    }

    private static long messagesOf(Connection db, UUID conversationId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM message WHERE conversation_id = ?")) {
            query.setObject(1, conversationId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    record Stored(String status, String content) {
    }
}
