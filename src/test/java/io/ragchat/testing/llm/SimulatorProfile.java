package io.ragchat.testing.llm;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The figures an {@link LlmSimulator} plays by: how long a cold model takes to load, how fast the
 * simulated model reads the prompt and writes its answer, how long the answer is, which models exist,
 * how large embeddings are and whether the OpenAI endpoints want an API key.
 *
 * <p>A profile is immutable. The simulator holds the current one and swaps it atomically
 * ({@link LlmSimulator#profile(SimulatorProfile)}, {@link LlmSimulator#updateProfile}), so a test may
 * change figures while the simulator serves; each request plays by the profile that was current when
 * it arrived.
 *
 * <p>Rates are tokens per second; {@link Double#POSITIVE_INFINITY} means "takes no time at all".
 *
 * @param loadTime cold model load paid by the first request for a model, and again once the model
 *     was unloaded or its keep-alive expired
 * @param prefillTokensPerSecond prompt reading speed: time to first token = prompt tokens / this rate
 * @param decodeTokensPerSecond answer writing speed: one token every 1 / this rate seconds
 * @param embeddingTokensPerSecond embedding speed: an embed request takes input tokens / this rate
 * @param answerTokens answer length in tokens; a smaller {@code num_predict} / {@code max_tokens} cuts
 *     it (finish reason {@code length})
 * @param newlineEveryTokens every n-th answer token is {@code "\n"} so that framing bugs show; 0 for never
 * @param models the models the simulated server has pulled; others answer 404
 * @param embeddingDimension length of embedding vectors unless the request asks for {@code dimensions}
 * @param defaultKeepAlive how long a model stays loaded after a request without {@code keep_alive}
 *     (Ollama's default is 5 minutes); negative means forever
 * @param apiKey when not null, the OpenAI endpoints answer 401 unless sent
 *     {@code Authorization: Bearer <apiKey>}; the Ollama endpoints never check (Ollama has no auth)
 * @param scriptedAnswer when not null, the answer to every chat request instead of the echo: exact text
 *     (Markdown, markup) that a test needs to come out of a model; {@code answerTokens} and
 *     {@code newlineEveryTokens} do not apply to it
 */
public record SimulatorProfile(
        Duration loadTime,
        double prefillTokensPerSecond,
        double decodeTokensPerSecond,
        double embeddingTokensPerSecond,
        int answerTokens,
        int newlineEveryTokens,
        Set<String> models,
        int embeddingDimension,
        Duration defaultKeepAlive,
        String apiKey,
        String scriptedAnswer) {

    /** Models every preset knows: a small and a large chat model and an embedding model. */
    public static final Set<String> DEFAULT_MODELS = Collections.unmodifiableSet(
            new LinkedHashSet<>(Arrays.asList("qwen2.5:0.5b", "llama3.1:8b", "all-minilm")));

    public SimulatorProfile {
        Objects.requireNonNull(loadTime, "loadTime");
        Objects.requireNonNull(defaultKeepAlive, "defaultKeepAlive");
        requirePositive(prefillTokensPerSecond, "prefillTokensPerSecond");
        requirePositive(decodeTokensPerSecond, "decodeTokensPerSecond");
        requirePositive(embeddingTokensPerSecond, "embeddingTokensPerSecond");
        if (loadTime.isNegative()) {
            throw new IllegalArgumentException("loadTime must not be negative");
        }
        if (answerTokens < 0 || newlineEveryTokens < 0 || embeddingDimension < 1) {
            throw new IllegalArgumentException(
                    "answerTokens and newlineEveryTokens must be >= 0, embeddingDimension >= 1");
        }
        models = Collections.unmodifiableSet(new LinkedHashSet<>(models));
    }

    /**
     * For unit tests: no load time, prompts read at once, 1,000 tokens/s so that a 40-token answer
     * still arrives as ~40 separate writes within ~40 ms.
     */
    public static SimulatorProfile fast() {
        return new Builder().build();
    }

    /** Everything at once: no load time, no prefill, all tokens in one burst. For logic-only tests. */
    public static SimulatorProfile instant() {
        return new Builder()
                .prefillTokensPerSecond(Double.POSITIVE_INFINITY)
                .decodeTokensPerSecond(Double.POSITIVE_INFINITY)
                .build();
    }

    /**
     * A 0.5B Q4 model on 2 CPU cores, as measured here (shared/notes/facts.md, "Measured here"):
     * llama.cpp through JNI gave about 230 ms to first token for a short prompt and ~18 tokens/s decode.
     * The prompt length of that probe was not recorded; 80 tokens/s prefill puts a short (~18-token)
     * prompt at ~230 ms, so a RAG prompt of 1,000 tokens takes ~12 s, as CPU prefill does. The load time
     * is the cold load reported for a small model in facts.md (6.3 s cold against 1.3 ms warm), which
     * is the cold-disk case; with the file in the page cache a load is much shorter. Both are flags,
     * not measurements of ragchat.
     */
    public static SimulatorProfile smallModelCpu() {
        return new Builder()
                .loadTime(Duration.ofMillis(6_300))
                .prefillTokensPerSecond(80)
                .decodeTokensPerSecond(18)
                .embeddingTokensPerSecond(10_000)
                .build();
    }

    /**
     * A 7-8B Q4 model on CPU only. These are typical published CPU figures, not measured here, and are
     * flags: prefill 20-40 tokens/s (30 used), decode 3-6 tokens/s (4 used). Load: users report 6 s to
     * over 100 s for large models (facts.md); 20 s is a ~4.7 GB file read at ~250 MB/s.
     */
    public static SimulatorProfile largeModelCpu() {
        return new Builder()
                .loadTime(Duration.ofSeconds(20))
                .prefillTokensPerSecond(30)
                .decodeTokensPerSecond(4)
                .embeddingTokensPerSecond(2_000)
                .build();
    }

    /**
     * The preset of that name: {@code fast}, {@code instant}, {@code small-model-cpu} or
     * {@code large-model-cpu} (camelCase names such as {@code smallModelCpu} are accepted too).
     */
    public static SimulatorProfile preset(String name) {
        return switch (name.replace("-", "").toLowerCase(Locale.ROOT)) {
            case "fast" -> fast();
            case "instant" -> instant();
            case "smallmodelcpu" -> smallModelCpu();
            case "largemodelcpu" -> largeModelCpu();
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "': use fast, instant, small-model-cpu or large-model-cpu");
        };
    }

    /** A builder holding the {@link #fast()} figures. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this profile's figures, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Simulated time to read a prompt of that many tokens. */
    long prefillNanos(int promptTokens) {
        return nanosFor(promptTokens, prefillTokensPerSecond);
    }

    /** Simulated time between two answer tokens. */
    long decodeIntervalNanos() {
        return nanosFor(1, decodeTokensPerSecond);
    }

    /** Simulated time to embed inputs of that many tokens. */
    long embeddingNanos(int tokens) {
        return nanosFor(tokens, embeddingTokensPerSecond);
    }

    private static long nanosFor(int tokens, double tokensPerSecond) {
        return Double.isInfinite(tokensPerSecond) ? 0 : Math.round(tokens / tokensPerSecond * 1e9);
    }

    private static void requirePositive(double rate, String name) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException(name + " must be > 0 (use Double.POSITIVE_INFINITY for no delay)");
        }
    }

    /** Builds a {@link SimulatorProfile}; starts from the {@link #fast()} figures. */
    public static final class Builder {
        private Duration loadTime = Duration.ZERO;
        private double prefillTokensPerSecond = 1_000_000;
        private double decodeTokensPerSecond = 1_000;
        private double embeddingTokensPerSecond = Double.POSITIVE_INFINITY;
        private int answerTokens = 40;
        private int newlineEveryTokens = 12;
        private Set<String> models = DEFAULT_MODELS;
        private int embeddingDimension = 384;
        private Duration defaultKeepAlive = Duration.ofMinutes(5);
        private String apiKey;
        private String scriptedAnswer;

        private Builder() {
        }

        private Builder(SimulatorProfile from) {
            loadTime = from.loadTime;
            prefillTokensPerSecond = from.prefillTokensPerSecond;
            decodeTokensPerSecond = from.decodeTokensPerSecond;
            embeddingTokensPerSecond = from.embeddingTokensPerSecond;
            answerTokens = from.answerTokens;
            newlineEveryTokens = from.newlineEveryTokens;
            models = from.models;
            embeddingDimension = from.embeddingDimension;
            defaultKeepAlive = from.defaultKeepAlive;
            apiKey = from.apiKey;
            scriptedAnswer = from.scriptedAnswer;
        }

        public Builder loadTime(Duration loadTime) {
            this.loadTime = loadTime;
            return this;
        }

        public Builder prefillTokensPerSecond(double rate) {
            this.prefillTokensPerSecond = rate;
            return this;
        }

        public Builder decodeTokensPerSecond(double rate) {
            this.decodeTokensPerSecond = rate;
            return this;
        }

        public Builder embeddingTokensPerSecond(double rate) {
            this.embeddingTokensPerSecond = rate;
            return this;
        }

        public Builder answerTokens(int answerTokens) {
            this.answerTokens = answerTokens;
            return this;
        }

        public Builder newlineEveryTokens(int newlineEveryTokens) {
            this.newlineEveryTokens = newlineEveryTokens;
            return this;
        }

        public Builder models(String... models) {
            return models(Arrays.asList(models));
        }

        public Builder models(Collection<String> models) {
            this.models = new LinkedHashSet<>(models);
            return this;
        }

        public Builder embeddingDimension(int embeddingDimension) {
            this.embeddingDimension = embeddingDimension;
            return this;
        }

        public Builder defaultKeepAlive(Duration defaultKeepAlive) {
            this.defaultKeepAlive = defaultKeepAlive;
            return this;
        }

        /** Require this key on the OpenAI endpoints; null (the default) accepts any or none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Answer every chat request with this text; null (the default) echoes the prompt. */
        public Builder scriptedAnswer(String scriptedAnswer) {
            this.scriptedAnswer = scriptedAnswer;
            return this;
        }

        public SimulatorProfile build() {
            return new SimulatorProfile(loadTime, prefillTokensPerSecond, decodeTokensPerSecond,
                    embeddingTokensPerSecond, answerTokens, newlineEveryTokens, models, embeddingDimension,
                    defaultKeepAlive, apiKey, scriptedAnswer);
        }
    }
}
