package io.ragchat.chat.service;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.metrics.StageMetrics;
import io.smallrye.mutiny.Uni;

/**
 * Times a stage of an answer once and reports it everywhere it is read: the exchange's timings (the
 * {@code done} event and the stored turn), the stage histogram and the trace. A stage that fails is
 * recorded in the trace as failed; its time is not reported as if it had answered.
 */
@ApplicationScoped
class Stages {

    private final StageMetrics metrics;
    private final ChatTracing tracing;

    Stages(StageMetrics metrics, ChatTracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** {@code work}, started when subscribed and timed until its item. */
    <T> Uni<T> timed(ChatExchange exchange, Stage stage, Supplier<Uni<T>> work) {
        return timed(exchange, stage, work, item -> List.of());
    }

    /** {@code work}, timed, with the parts its item says were measured inside it. */
    <T> Uni<T> timed(ChatExchange exchange, Stage stage, Supplier<Uni<T>> work, Function<T, List<Stage.Part>> parts) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return work.get()
                    .invoke(item -> record(exchange, stage, start, System.nanoTime() - start, parts.apply(item)))
                    .onFailure().invoke(failure -> tracing.failed(exchange, stage, start, failure));
        });
    }

    /** A stage that ran from {@code startNanos} ({@link System#nanoTime()}) for {@code tookNanos}. */
    void record(ChatExchange exchange, Stage stage, long startNanos, long tookNanos) {
        record(exchange, stage, startNanos, tookNanos, List.of());
    }

    private void record(ChatExchange exchange, Stage stage, long startNanos, long tookNanos, List<Stage.Part> parts) {
        report(exchange, stage, tookNanos);
        parts.forEach(part -> report(exchange, part.stage(), part.nanos()));
        tracing.stage(exchange, stage, startNanos, tookNanos, parts);
    }

    private void report(ChatExchange exchange, Stage stage, long nanos) {
        exchange.took(stage, nanos);
        metrics.stage(stage.metric, exchange.provider(), exchange.model(), nanos);
    }
}
