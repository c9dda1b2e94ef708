package io.ragchat.testing;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonObject;

/** What a client saw of one streamed answer: its ids, its text, and whether it ended with {@code done}. */
public record StreamedAnswer(UUID conversationId, UUID messageId, String text, boolean done) {

    public static StreamedAnswer of(List<SseClient.Event> events) {
        JsonObject meta = new JsonObject(events.get(0).data());
        String text = events.stream().filter(e -> e.name().equals("token"))
                .map(e -> new JsonObject(e.data()).getString("text")).collect(Collectors.joining());
        return new StreamedAnswer(UUID.fromString(meta.getString("conversationId")),
                UUID.fromString(meta.getString("messageId")), text, events.get(events.size() - 1).name().equals("done"));
    }
}
