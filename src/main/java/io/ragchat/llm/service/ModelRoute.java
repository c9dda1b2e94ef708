package io.ragchat.llm.service;

/** The model that answers one question, with its options. {@code name} is what clients ask for. */
public record ModelRoute(String name, String modelId, int maxAnswerTokens, double temperature, int contextSize) {

    public static final String FAST = "fast";
    public static final String LARGE = "large";
}
