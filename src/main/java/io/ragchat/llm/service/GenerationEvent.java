package io.ragchat.llm.service;

/** What a generator emits: text as the model produces it, then once how many tokens it took. */
public sealed interface GenerationEvent {

    record Token(String text) implements GenerationEvent {
    }

    /** The end of a generation; counts are null when the back-end does not report them. */
    record Completed(Integer promptTokens, Integer completionTokens) implements GenerationEvent {
    }
}
