package io.ragchat.chat.rest;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.chat.service.ChatEvent;
import io.smallrye.mutiny.Multi;

/**
 * Frames chat events as Server-Sent Events ({@code event: token\ndata: {...}\n\n}). Each event's data is
 * one line of JSON, so a token holding a newline cannot break the framing; and a comment goes out
 * whenever nothing else was sent for the keep-alive interval, so proxies and load balancers keep a stream
 * open while it waits on the model.
 */
@ApplicationScoped
class SseEvents {

    static final String MEDIA_TYPE = "text/event-stream;charset=UTF-8";
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final KeepAlive keepAlive;

    SseEvents(ObjectMapper json, KeepAlive keepAlive) {
        this.json = json;
        this.keepAlive = keepAlive;
    }

    Multi<byte[]> frame(Multi<ChatEvent> events) {
        Multi<byte[]> framed = events.map(event -> ("event: " + event.name() + "\ndata: " + toJson(event.data()) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        return keepAlive.around(framed, KEEP_ALIVE);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chat event could not be written as JSON", e);
        }
    }
}
