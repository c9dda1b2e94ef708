package io.ragchat.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A latency histogram per stage of answering a question, tagged by provider and model (both fixed by
 * configuration, so the tag sets stay small). Its own class beneath the features, because the stages are
 * timed where they run: the chat path, and the history writer that commits the turn afterwards.
 */
@ApplicationScoped
public class StageMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> stages = new ConcurrentHashMap<>();

    StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One stage's time; every stage shares one histogram name, and so one set of tags. */
    public void stage(String stage, String provider, String model, long nanos) {
        stages.computeIfAbsent(stage + '/' + provider + '/' + model, key -> Timer.builder("ragchat.stage")
                .description("Time spent in each stage of answering a question")
                .tag("stage", stage).tag("provider", provider).tag("model", model)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
