package io.ragchat.chat.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.chat.service.ChatEvent;
import io.smallrye.mutiny.Multi;

/**
 * Frames chat events as Server-Sent Events. Each event's data is one line of JSON, so a token holding a
 * newline cannot break the framing; and a comment goes out whenever nothing else was sent for the
 * keep-alive interval, so proxies and load balancers keep a stream open while it waits on the model.
 */
@ApplicationScoped
class SseEvents {

    private final ObjectMapper json;
    private final KeepAlive keepAlive;

    SseEvents(ObjectMapper json, KeepAlive keepAlive) {
        this.json = json;
        this.keepAlive = keepAlive;
    }

    Multi<OutboundSseEvent> frame(Multi<ChatEvent> events, Sse sse) {
        Multi<OutboundSseEvent> framed = events.map(event -> sse.newEventBuilder()
                .name(event.name())
                .data(String.class, toJson(event.data()))
                .build());
        return keepAlive.around(framed, sse.newEventBuilder().comment("keep-alive").build());
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chat event could not be written as JSON", e);
        }
    }
}
