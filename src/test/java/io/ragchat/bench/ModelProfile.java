package io.ragchat.bench;

import java.time.Duration;
import java.util.Collection;

import io.ragchat.testing.llm.SimulatorProfile;

/**
 * How one simulated model behaves: its name on the model server, the cold load, the prompt (prefill) and
 * answer (decode) rates, and how long its answers are. Every figure is a flag of the benchmark; the
 * defaults and their sources are in {@link Calibration}.
 */
record ModelProfile(String model, long loadMillis, double prefillTokensPerSecond, double decodeTokensPerSecond,
        int answerTokens) {

    /** The simulator playing this model; every model the benchmark names is known to it. */
    SimulatorProfile simulator(Collection<String> knownModels) {
        return SimulatorProfile.builder()
                .loadTime(Duration.ofMillis(loadMillis))
                .prefillTokensPerSecond(prefillTokensPerSecond)
                .decodeTokensPerSecond(decodeTokensPerSecond)
                .answerTokens(answerTokens)
                .models(knownModels)
                .build();
    }

    /** Time the model itself needs for a prompt of that many tokens, load excluded (what the simulator plays). */
    double expectedWarmMillis(int promptTokens) {
        return promptTokens / prefillTokensPerSecond * 1000 + answerTokens / decodeTokensPerSecond * 1000;
    }

    String describe() {
        return "%s: load %,d ms, prefill %s tok/s, decode %s tok/s, %d-token answers".formatted(model, loadMillis,
                rate(prefillTokensPerSecond), rate(decodeTokensPerSecond), answerTokens);
    }

    private static String rate(double rate) {
        return Double.isInfinite(rate) ? "∞" : rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }
}
