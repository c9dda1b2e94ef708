package io.ragchat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.ragchat.testing.llm.GenerationRecord;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * The model server the service talks to: the LLM simulator in this JVM (the default), or a real Ollama
 * by URL. Either way, {@link #coldModels(ModelProfile)} leaves no model loaded, so the next request that
 * is not preceded by a warm-up pays the load.
 */
final class LlmBackend implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final BenchOptions options;
    private final LlmSimulator simulator;
    private final String url;

    private LlmBackend(BenchOptions options, LlmSimulator simulator, String url) {
        this.options = options;
        this.simulator = simulator;
        this.url = url;
    }

    static LlmBackend start(BenchOptions options) {
        if (options.ollamaUrl().isPresent()) {
            return new LlmBackend(options, null, options.ollamaUrl().get());
        }
        LlmSimulator simulator = LlmSimulator.start(options.small().simulator(options.models()));
        return new LlmBackend(options, simulator, simulator.baseUrl());
    }

    /** The Ollama base URL for the service. */
    String url() {
        return url;
    }

    boolean simulated() {
        return simulator != null;
    }

    /** Plays {@code profile}'s figures from now on (simulator only) and unloads every model. */
    void coldModels(ModelProfile profile) {
        if (simulator != null) {
            simulator.profile(profile.simulator(options.models()));
            simulator.unload();
            simulator.stats().reset();
            return;
        }
        for (String model : List.of(options.small().model(), options.large().model())) {
            post("/api/generate", "{\"model\":\"" + model + "\",\"keep_alive\":0}");
        }
    }

    /** No load and no prefill, so its own time to first token is about zero; answers all at once. */
    void instant() {
        streamingWithoutPrefill(Double.POSITIVE_INFINITY);
    }

    /**
     * No load and no prefill, so its own time to first token is about zero, but the answer streams at
     * {@code decodeTokensPerSecond} (Table B: streams stay open as they do with a real model).
     */
    void streamingWithoutPrefill(double decodeTokensPerSecond) {
        if (simulator != null) {
            simulator.profile(SimulatorProfile.instant().toBuilder().models(options.models())
                    .decodeTokensPerSecond(decodeTokensPerSecond).answerTokens(OVERHEAD_ANSWER_TOKENS).build());
            simulator.stats().reset();
        }
    }

    /** Answer length while measuring overhead. */
    static final int OVERHEAD_ANSWER_TOKENS = 40;

    /** What the simulator timed since the last reset; empty for a real Ollama. */
    List<GenerationRecord> generations() {
        return simulator == null ? List.of() : simulator.stats().generations();
    }

    void clearGenerations() {
        if (simulator != null) {
            simulator.stats().reset();
        }
    }

    Optional<SimulatorProfile> profile() {
        return Optional.ofNullable(simulator).map(LlmSimulator::profile);
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.stop();
        }
    }

    private void post(String path, String json) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("Ollama at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
