package io.ragchat.chat.rest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.chat.config.ChatConfig;
import io.ragchat.chat.service.ChatEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;

/**
 * Frames chat events as Server-Sent Events. Each event's data is one line of JSON, so a token holding a
 * newline cannot break the framing; and a comment goes out whenever nothing else was sent for the
 * keep-alive interval, so proxies and load balancers keep a stream open while it waits on the model.
 */
@ApplicationScoped
class SseEvents {

    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration keepAlive;

    SseEvents(ObjectMapper json, Vertx vertx, ChatConfig config) {
        this.json = json;
        this.vertx = vertx;
        this.keepAlive = config.keepAliveInterval();
    }

    Multi<OutboundSseEvent> frame(Multi<ChatEvent> events, Sse sse) {
        Multi<OutboundSseEvent> framed = events.map(event -> sse.newEventBuilder()
                .name(event.name())
                .data(String.class, toJson(event.data()))
                .build());
        return withKeepAlive(framed, sse.newEventBuilder().comment("keep-alive").build());
    }

    private Multi<OutboundSseEvent> withKeepAlive(Multi<OutboundSseEvent> events, OutboundSseEvent comment) {
        long intervalNanos = keepAlive.toNanos();
        return Multi.createFrom().emitter(emitter -> {
            AtomicLong lastSent = new AtomicLong(System.nanoTime());
            long timer = vertx.setPeriodic(Math.max(1, keepAlive.toMillis() / 4), id -> {
                if (System.nanoTime() - lastSent.get() >= intervalNanos) {
                    lastSent.set(System.nanoTime());
                    emitter.emit(comment);
                }
            });
            var subscription = events.subscribe().with(event -> {
                lastSent.set(System.nanoTime());
                emitter.emit(event);
            }, emitter::fail, emitter::complete);
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                subscription.cancel();
            });
        });
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chat event could not be written as JSON", e);
        }
    }
}
