package io.ragchat.llm.service;

import io.ragchat.prompt.Prompt;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A back-end that answers a prompt as a stream. Cancelling the returned stream must stop the back-end's
 * work: a client that has gone away must not keep a model busy.
 */
public interface AnswerGenerator {

    /** The provider name shown to clients ({@code ollama}, {@code openai}, {@code extractive}). */
    String provider();

    /** The model that answers. */
    String model();

    /** A note for clients about how answers are produced, or null. */
    default String note() {
        return null;
    }

    Multi<GenerationEvent> generate(Prompt prompt);

    /** A one-token generation that proves the back-end can answer (readiness); completes when it did. */
    Uni<Void> probe();

    /** Loads the model ahead of the first question; a no-op where nothing needs loading. */
    default Uni<Void> preload() {
        return Uni.createFrom().voidItem();
    }
}
