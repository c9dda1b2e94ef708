package io.ragchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import io.ragchat.testing.SseClient;
import io.vertx.core.json.JsonObject;

/**
 * Asks the service one question the way a client does, streamed (SSE) or whole (JSON), and times it from
 * the moment the request is sent: to the first token the client could show, and to the end of the answer.
 * Without streaming the first thing a client can show is the whole answer, so both times are the same.
 */
final class ChatProbe {

    /** One HTTP/1.1 client for all requests; its threads are virtual, so 64 blocking streams cost little. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What one request saw.
     *
     * @param sentNanos {@code System.nanoTime()} just before the request was sent
     * @param firstTokenMillis to the first token event (streaming) or the whole answer (JSON); NaN on error
     * @param timings the service's own per-stage milliseconds from the {@code done} event or JSON answer
     * @param messageId the answer's id in the history
     */
    record Answer(String question, boolean streamed, long sentNanos, double firstTokenMillis, double totalMillis,
            Map<String, Long> timings, Integer promptTokens, Integer completionTokens, boolean embeddingCached,
            UUID conversationId, UUID messageId, String error) {

        boolean ok() {
            return error == null;
        }
    }

    private final URI chat;

    ChatProbe(AppProcess app) {
        this.chat = app.uri("/api/chat");
    }

    Answer ask(String question, UUID conversationId, boolean streamed) {
        JsonObject body = new JsonObject().put("message", question);
        if (conversationId != null) {
            body.put("conversationId", conversationId.toString());
        }
        long sent = System.nanoTime();
        try {
            return streamed ? streamed(question, body.encode(), sent) : whole(question, body.encode(), sent);
        } catch (Throwable e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            return failed(question, streamed, sent, message);
        }
    }

    /**
     * Asks streamed and closes the connection as soon as the first token arrives, as a user pressing Stop
     * does: the service should cancel the generation and store the answer as cancelled. Without error,
     * the answer's {@code totalMillis} is when the connection was closed.
     */
    Answer askAndStop(String question, UUID conversationId) {
        JsonObject body = new JsonObject().put("message", question);
        if (conversationId != null) {
            body.put("conversationId", conversationId.toString());
        }
        long sent = System.nanoTime();
        try {
            List<SseClient.Event> events = SseClient.post(HTTP, chat, body.encode(),
                    event -> event.name().equals("token") || event.name().equals("error") || event.name().equals("done"));
            Ids ids = Ids.NONE;
            for (SseClient.Event event : events) {
                switch (event.name()) {
                    case "meta" -> ids = Ids.of(event);
                    case "token" -> {
                        return new Answer(question, true, sent, millis(event.receivedNanos() - sent),
                                millis(System.nanoTime() - sent), Map.of(), null, null, false, ids.conversation(), ids.message(), null);
                    }
                    case "error" -> {
                        return failed(question, true, sent, "error event: " + event.data());
                    }
                    case "done" -> {
                        return failed(question, true, sent, "done without any token");
                    }
                    default -> {
                    }
                }
            }
            return failed(question, true, sent, "stream ended before its first token");
        } catch (Throwable e) {
            return failed(question, true, sent, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Answer streamed(String question, String json, long sent) {
        List<SseClient.Event> events = SseClient.post(HTTP, chat, json);
        long firstToken = -1;
        Ids ids = Ids.NONE;
        for (SseClient.Event event : events) {
            switch (event.name()) {
                case "meta" -> ids = Ids.of(event);
                case "token" -> {
                    if (firstToken < 0) {
                        firstToken = event.receivedNanos();
                    }
                }
                case "error" -> {
                    return failed(question, true, sent, "error event: " + event.data());
                }
                case "done" -> {
                    JsonObject done = new JsonObject(event.data());
                    if (firstToken < 0) {
                        return failed(question, true, sent, "done without any token");
                    }
                    return new Answer(question, true, sent, millis(firstToken - sent), millis(event.receivedNanos() - sent),
                            timings(done.getJsonObject("timings")), usage(done, "promptTokens"), usage(done, "completionTokens"),
                            done.getBoolean("embeddingCached", false), ids.conversation(), ids.message(), null);
                }
                default -> {
                }
            }
        }
        return failed(question, true, sent, "stream ended without done");
    }

    private Answer whole(String question, String json, long sent) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(chat).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        long received = System.nanoTime();
        if (response.statusCode() != 200) {
            return failed(question, false, sent, "HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonObject answer = new JsonObject(response.body());
        double took = millis(received - sent);
        return new Answer(question, false, sent, took, took, timings(answer.getJsonObject("timings")),
                usage(answer, "promptTokens"), usage(answer, "completionTokens"), false,
                UUID.fromString(answer.getString("conversationId")), UUID.fromString(answer.getString("messageId")), null);
    }

    private static Answer failed(String question, boolean streamed, long sent, String error) {
        return new Answer(question, streamed, sent, Double.NaN, millis(System.nanoTime() - sent), Map.of(), null, null,
                false, null, null, error);
    }

    private static Map<String, Long> timings(JsonObject timings) {
        Map<String, Long> map = new HashMap<>();
        if (timings != null) {
            timings.forEach(e -> map.put(e.getKey(), ((Number) e.getValue()).longValue()));
        }
        return map;
    }

    private static Integer usage(JsonObject holder, String field) {
        JsonObject usage = holder.getJsonObject("usage");
        return usage == null ? null : usage.getInteger(field);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The conversation and answer ids the {@code meta} event names; none before it arrives. */
    private record Ids(UUID conversation, UUID message) {

        static final Ids NONE = new Ids(null, null);

        static Ids of(SseClient.Event meta) {
            JsonObject data = new JsonObject(meta.data());
            return new Ids(UUID.fromString(data.getString("conversationId")), UUID.fromString(data.getString("messageId")));
        }
    }
}
