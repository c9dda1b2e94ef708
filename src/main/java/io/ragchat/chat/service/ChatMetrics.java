package io.ragchat.chat.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.ragchat.metrics.StageMetrics;

/**
 * The platform team's view of the chat path beside its stages' latencies ({@link StageMetrics}): streams in
 * flight, and generation speed, tagged by provider and model.
 */
@ApplicationScoped
public class ChatMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
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

    void tokensPerSecond(String provider, String model, double rate) {
        speeds.computeIfAbsent(provider + '/' + model, key -> DistributionSummary.builder("ragchat.tokens.per.second")
                .description("Generation speed of each answer, in tokens per second")
                .tag("provider", provider).tag("model", model)
                .register(registry))
                .record(rate);
    }
}
