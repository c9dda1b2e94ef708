package io.ragchat.limit.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.limit.config.DeadlineConfig;
import io.ragchat.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * The overall deadline of one answer ({@code ragchat.chat.deadline}), counted from when its question was
 * accepted. When it passes, the stream fails with a 504 problem and its source, the model's generation
 * included, is cancelled. The model's own silence is bounded separately and sooner by
 * {@code ragchat.llm.idle-timeout}; the deadline bounds a model that keeps talking, or a slow retrieval.
 */
@ApplicationScoped
public class Deadline {

    private final Vertx vertx;
    private final LimitMetrics metrics;
    private final Duration deadline;

    Deadline(Vertx vertx, LimitMetrics metrics, DeadlineConfig config) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.deadline = config.deadline();
    }

    public <T> Multi<T> around(Multi<T> items, long startNanos) {
        return Multi.createFrom().emitter(emitter -> {
            long remainingMillis = Math.max(1, deadline.minusNanos(System.nanoTime() - startNanos).toMillis());
            long timer = vertx.setTimer(remainingMillis, id -> {
                metrics.rejected(Rejection.deadline);
                emitter.fail(new ProblemException(504, "Gateway Timeout",
                        "The answer took longer than " + deadline.toSeconds() + " s (ragchat.chat.deadline)"));
            });
            Cancellable source = items.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            // Registered after subscribing, so that it has the source to stop: a client may leave on an event
            // the source emits while it is being subscribed to. An emitter that already ended runs it at once.
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                source.cancel();
            });
        });
    }
}
