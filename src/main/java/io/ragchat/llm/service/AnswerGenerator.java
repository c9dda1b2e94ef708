package io.ragchat.llm.service;

import io.ragchat.prompt.Prompt;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A back-end that answers a prompt as a stream. Cancelling the returned stream must stop the back-end's
 * work: a client that has gone away must not keep a model busy.
 */
public interface AnswerGenerator {

    /** The provider name shown to clients ({@code ollama}, {@code openai}, {@code bedrock}, {@code extractive}). */
    String provider();

    /** The model that answers when a question is not routed elsewhere. */
    String defaultModel();

    /** Whether this back-end has several models to choose from (a larger one can be routed to). */
    default boolean hasModels() {
        return true;
    }

    /** A note for clients about how answers are produced, or null. */
    default String note() {
        return null;
    }

    Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route);

    /** A one-token generation that proves the model can answer (readiness, warm-up); completes when it did. */
    Uni<Void> probe(ModelRoute route);
}
