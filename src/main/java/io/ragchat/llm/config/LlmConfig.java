package io.ragchat.llm.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which language model answers, and how ragchat talks to it. The Ollama server's URL and default model
 * are the standard {@code quarkus.langchain4j.ollama.*} keys; the OpenAI-compatible server's are
 * {@code quarkus.langchain4j.openai.*}; Amazon Bedrock's are {@link #bedrock()}.
 */
@ConfigMapping(prefix = "ragchat.llm")
public interface LlmConfig {

    /** The generation back-end. */
    @WithDefault("ollama")
    Provider provider();

    /**
     * The longest the model may stay silent between two tokens before the answer is abandoned and reported
     * as failed. The wait for the first token (which includes loading the model) is the {@code llm}
     * fault-tolerance policy's timeout instead.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    /**
     * How long Ollama keeps a model loaded after a request (Ollama's syntax: {@code 30m}, {@code -1} for
     * ever), sent with every request so the model is never unloaded between users.
     */
    @WithDefault("30m")
    String keepAlive();

    /**
     * Most connections open to the Ollama server (or Amazon Bedrock) at once, one per answer being generated; more answers would
     * wait for a connection, so {@code ragchat.limit.streams-total} (by default this number) refuses them.
     * Ollama queues what it cannot run in parallel ({@code OLLAMA_NUM_PARALLEL}).
     */
    @WithDefault("64")
    int maxConnections();

    /** When set, a one-token request this often keeps the model loaded through quiet periods. */
    Optional<Duration> keepWarmInterval();

    /** Answer options of the default model: the small, fast one most questions get. */
    Options fast();

    /** A larger model for questions that need it: chosen per request ({@code "model": "large"}) or by rule. */
    Large large();

    /** Amazon Bedrock, when it is the provider. */
    Bedrock bedrock();

    interface Options {
        /** Upper bound on the tokens one answer may generate. */
        @WithDefault("512")
        int maxAnswerTokens();

        /** Sampling temperature; low, because answers should stay close to the sources. */
        @WithDefault("0.2")
        double temperature();

        /** The model's context window in tokens ({@code num_ctx}); the prompt budget stays below it. */
        @WithDefault("4096")
        int contextSize();
    }

    interface Large extends Options {
        /** The larger model's id on the model server; without one, every question gets the fast model. */
        Optional<String> modelId();

        /** Questions longer than this many tokens go to the larger model; unset, only requests choose it. */
        Optional<Integer> questionTokensOver();

        @Override
        @WithDefault("1024")
        int maxAnswerTokens();

        @Override
        @WithDefault("8192")
        int contextSize();
    }

    /**
     * Where Amazon Bedrock's Runtime API is reached. Credentials are never configured here: they come from the
     * AWS SDK's default chain (environment, profile, web identity or Pod Identity on EKS, instance role).
     */
    interface Bedrock {
        /** The AWS region whose Bedrock Runtime endpoint answers. */
        @WithDefault("us-east-1")
        String region();

        /** The model (or inference profile) id of the fast model; {@code large.model-id} names the larger one. */
        @WithDefault("amazon.nova-micro-v1:0")
        String modelId();

        /** Another endpoint than the region's: a VPC interface endpoint, or a local stand-in. */
        Optional<URI> endpointOverride();
    }

    enum Provider {
        /** An Ollama server, through quarkus-langchain4j-ollama. */
        ollama,
        /** Any OpenAI-compatible server (vLLM, llama.cpp server, gateways), through quarkus-langchain4j-openai. */
        openai,
        /** Amazon Bedrock's ConverseStream API, through the AWS SDK for Java. */
        bedrock,
        /** No language model: stream the most relevant retrieved sentences with their citations. */
        extractive
    }
}
