package io.ragchat.llm.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which language model answers, and how ragchat talks to it. The Ollama server's URL, model and timeout
 * are the standard {@code quarkus.langchain4j.ollama.*} keys; the OpenAI-compatible server's are
 * {@code quarkus.langchain4j.openai.*}.
 */
@ConfigMapping(prefix = "ragchat.llm")
public interface LlmConfig {

    /** The generation back-end. */
    @WithDefault("ollama")
    Provider provider();

    /** Upper bound on the tokens one answer may generate ({@code num_predict}). */
    @WithDefault("512")
    int maxAnswerTokens();

    /** Sampling temperature; low, because answers should stay close to the sources. */
    @WithDefault("0.2")
    double temperature();

    /**
     * The longest the model may stay silent, before its first token (which includes loading it) or
     * between two tokens, before the answer is abandoned and reported as failed.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    enum Provider {
        /** An Ollama server, through quarkus-langchain4j-ollama. */
        ollama,
        /** Any OpenAI-compatible server (vLLM, llama.cpp server, gateways), through quarkus-langchain4j-openai. */
        openai,
        /** No language model: stream the most relevant retrieved sentences with their citations. */
        extractive
    }
}
