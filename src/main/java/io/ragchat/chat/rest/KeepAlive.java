package io.ragchat.chat.rest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.chat.config.ChatConfig;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;

/**
 * Sends a comment down a stream whenever nothing else was sent for the keep-alive interval, so proxies and
 * load balancers keep it open while it waits on the model. Shared by every API that streams answers: each
 * passes the comment in its own framing. Nothing is sent before the stream's first item: until then the
 * question may still be refused with its own status (a database that does not answer within its connect
 * timeout, an unknown conversation), and a comment would have committed the response as a 200.
 */
@ApplicationScoped
public class KeepAlive {

    private final Vertx vertx;
    private final Duration interval;

    KeepAlive(Vertx vertx, ChatConfig config) {
        this.vertx = vertx;
        this.interval = config.keepAliveInterval();
    }

    public <T> Multi<T> around(Multi<T> items, T comment) {
        long intervalNanos = interval.toNanos();
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean accepted = new AtomicBoolean();
            AtomicLong lastSent = new AtomicLong(System.nanoTime());
            long timer = vertx.setPeriodic(Math.max(1, interval.toMillis() / 4), id -> {
                if (accepted.get() && System.nanoTime() - lastSent.get() >= intervalNanos) {
                    lastSent.set(System.nanoTime());
                    emitter.emit(comment);
                }
            });
            var subscription = items.subscribe().with(item -> {
                lastSent.set(System.nanoTime());
                accepted.set(true);
                emitter.emit(item);
            }, emitter::fail, emitter::complete);
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                subscription.cancel();
            });
        });
    }
}
