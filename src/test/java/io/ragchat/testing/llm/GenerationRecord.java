package io.ragchat.testing.llm;

/**
 * How one generation went, timed by the simulator itself. Times are {@link System#nanoTime()} values or
 * durations in nanoseconds, so a client in the same JVM can line them up with its own measurements.
 *
 * @param model the model asked for
 * @param question the prompt's last user message
 * @param promptTokens the prompt's estimated length
 * @param answerTokens tokens written before the generation ended
 * @param receivedAtNanos when the request arrived ({@code System.nanoTime()})
 * @param loadNanos time spent waiting for the model to load; -1 when it ended before that
 * @param timeToFirstTokenNanos from arrival to the first token's write; -1 when no token was written
 * @param totalNanos from arrival to the end
 * @param outcome how it ended
 */
public record GenerationRecord(String model, String question, int promptTokens, int answerTokens,
        long receivedAtNanos, long loadNanos, long timeToFirstTokenNanos, long totalNanos, Outcome outcome) {

    public enum Outcome {
        COMPLETED, FAILED, CANCELLED
    }
}
