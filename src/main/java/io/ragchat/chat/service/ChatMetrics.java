package io.ragchat.chat.service;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The platform team's view of the chat path: a latency histogram per stage, tagged by provider and model
 * (both fixed by configuration, so the tag sets stay small), streams in flight, and generation speed.
 */
@ApplicationScoped
public class ChatMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final ConcurrentMap<String, Timer> stages = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DistributionSummary> speeds = new ConcurrentHashMap<>();

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("ragchat.streams.active", activeStreams);
    }

    void streamOpened() {
        activeStreams.incrementAndGet();
    }

    void streamClosed() {
        activeStreams.decrementAndGet();
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

    void tokensPerSecond(String provider, String model, double rate) {
        speeds.computeIfAbsent(provider + '/' + model, key -> DistributionSummary.builder("ragchat.tokens.per.second")
                .description("Generation speed of each answer, in tokens per second")
                .tag("provider", provider).tag("model", model)
                .register(registry))
                .record(rate);
    }
}
