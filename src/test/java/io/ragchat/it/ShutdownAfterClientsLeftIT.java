package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * Clients that leave an answer, in every way a client leaves, do not hold the graceful shutdown: once their
 * streams have ended, SIGTERM stops the packaged service well within {@code quarkus.shutdown.timeout}, which
 * is set long here so that a stop held for it cannot pass for a slow one. Each client leaves over a raw
 * socket, with a FIN ({@code close()}) or a reset ({@code SO_LINGER 0}, then {@code close()}): while the
 * model has not sent its first token, in the middle of a slow answer, at the first token of a fast one (the
 * service's next writes then fail: a broken pipe or a reset, the case that used to hold the shutdown), and
 * once the last event has arrived (the end of the response is being written).
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class ShutdownAfterClientsLeftIT {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

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
    void theServiceStopsPromptlyWhicheverWayItsClientsLeft() throws Exception {
        try (AppProcess app = PackagedService.start("shutdown-after-clients-left", simulator,
                Map.of("quarkus.shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s"))) {
            URI chat = app.uri("/api/chat");
            for (boolean reset : new boolean[] { false, true }) {
                // Before the first token: the model sends nothing, the stream waits on it.
                simulator.injectFault(Fault.stallAfterTokens(0));
                awaitAnswerEnded(leaveAfter(chat, "\"stage\":\"generating\"", reset));
                simulator.clearFault();

                // Mid-stream: ten tokens a second, the client reads three.
                simulator.profile(SimulatorProfile.builder().decodeTokensPerSecond(10).answerTokens(40).build());
                awaitAnswerEnded(leaveAfter(chat, "event: token", reset));

                // At the first token, while the next ones follow at once: the service writes to a connection its
                // client has already closed, and the write fails (a broken pipe, or a reset).
                simulator.profile(SimulatorProfile.builder().answerTokens(2_000).build());
                // A few times: the write fails only when the service writes before it has read the client's close.
                for (int i = 0; i < 3; i++) {
                    awaitAnswerEnded(leaveAfter(chat, "event: token", reset));
                }

                // During the last write: the whole answer at once, the client leaves on its last event, while
                // the end of the response is written.
                simulator.profile(SimulatorProfile.instant());
                awaitAnswerEnded(leaveAfter(chat, "event: done", reset));
            }

            long stopAsked = System.nanoTime();
            app.terminate();

            assertThat(app.awaitExit(SHUTDOWN_TIMEOUT.plusSeconds(15))).as("the process exits").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAsked))
                    .as("stopped well within quarkus.shutdown.timeout (%s): no left request held it; see %s",
                            SHUTDOWN_TIMEOUT, app.log())
                    .isLessThan(SHUTDOWN_TIMEOUT.dividedBy(2));
        } finally {
            simulator.clearFault();
            simulator.profile(SimulatorProfile.fast());
        }
    }

    /**
     * Asks over a raw socket, reads until {@code seen} arrived, then leaves with a FIN, or a reset. Answers the
     * answer's message id.
     */
    private static UUID leaveAfter(URI chat, String seen, boolean reset) throws IOException {
        byte[] body = ("{\"message\":\"Leaving early " + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(chat.getHost(), chat.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + chat.getPath() + " HTTP/1.1\r\nHost: " + chat.getHost() + ":" + chat.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (received.indexOf(seen) < 0) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IllegalStateException("The stream ended before " + seen + ": " + received);
                }
                received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            int start = received.indexOf("\"messageId\":\"") + "\"messageId\":\"".length();
            return UUID.fromString(received.substring(start, start + 36));
        } finally {
            socket.close();
        }
    }

    /** The service ended the answer (stored as cancelled, or complete when it ended first): its stream is over. */
    private static void awaitAnswerEnded(UUID messageId) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stored(messageId));
    }

    private static boolean stored(UUID messageId) throws SQLException {
        try (Connection db = PackagedService.database();
                PreparedStatement query = db.prepareStatement("SELECT 1 FROM message WHERE id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }
}
