package io.ragchat.testing.llm;

import java.util.Objects;

/**
 * A failure the simulator plays when a test injects it with {@link LlmSimulator#injectFault(Fault)}.
 * Where each one applies:
 * <ul>
 *   <li>{@link Down}: every request, including {@code GET /};</li>
 *   <li>{@link FailBeforeStream}: every model request (chat, generate, embed, both protocols);</li>
 *   <li>{@link FailAfterTokens} and {@link StallAfterTokens}: generations only (chat, generate,
 *       chat completions); embeddings and preloads pass through untouched.</li>
 * </ul>
 */
public sealed interface Fault {

    /**
     * The server is gone: the simulator closes the connection as soon as the request arrives, without
     * writing a byte, so clients see a connection error (closed or reset) rather than an HTTP status —
     * what a crashed or restarting Ollama looks like. For "up but refusing", use
     * {@code failBeforeStream(503, ...)}.
     */
    record Down() implements Fault {
    }

    /** The request is refused before any token: HTTP {@code status} with the protocol's error body. */
    record FailBeforeStream(int status, String message) implements Fault {
        public FailBeforeStream {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
            }
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The generation breaks after {@code tokens} tokens on a stream that already answered 200: Ollama
     * gets a line {@code {"error":"message"}}, OpenAI a {@code data: {"error":{...}}} event, then the
     * response ends. A non-streamed request gets a 500 with the error body instead.
     */
    record FailAfterTokens(int tokens, String message) implements Fault {
        public FailAfterTokens {
            requireNonNegative(tokens);
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The generation stops after {@code tokens} tokens but keeps the connection open, for client
     * timeout tests. With 0 not even the response headers are sent. The stream stays active until the
     * client gives up (then it counts as cancelled) or the simulator stops.
     */
    record StallAfterTokens(int tokens) implements Fault {
        public StallAfterTokens {
            requireNonNegative(tokens);
        }
    }

    static Fault down() {
        return new Down();
    }

    static Fault failBeforeStream(int status, String message) {
        return new FailBeforeStream(status, message);
    }

    static Fault failAfterTokens(int tokens, String message) {
        return new FailAfterTokens(tokens, message);
    }

    static Fault stallAfterTokens(int tokens) {
        return new StallAfterTokens(tokens);
    }

    private static void requireNonNegative(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be >= 0: " + tokens);
        }
    }
}
