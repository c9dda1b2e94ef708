package io.ragchat.llm.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.document.chunking.TokenCounter;
import io.ragchat.llm.config.LlmConfig;
import io.ragchat.problem.ProblemException;

/**
 * Chooses the model for a question: the fast one by default (the guide's "small model for chat"), the
 * larger one when the request asks for it by name or, if configured, when the question is long.
 */
@ApplicationScoped
public class ModelRouter {

    private final LlmConfig config;
    private final TokenCounter tokens;
    private final ModelRoute fast;
    private final Optional<ModelRoute> large;

    ModelRouter(LlmConfig config, TokenCounter tokens, @Selected AnswerGenerator generator) {
        this.config = config;
        this.tokens = tokens;
        LlmConfig.Options options = config.fast();
        this.fast = new ModelRoute(ModelRoute.FAST, generator.defaultModel(), options.maxAnswerTokens(),
                options.temperature(), options.contextSize());
        LlmConfig.Large big = config.large();
        this.large = big.modelId().filter(id -> generator.hasModels()).map(id -> new ModelRoute(ModelRoute.LARGE, id, big.maxAnswerTokens(),
                big.temperature(), big.contextSize()));
    }

    /** The route for this question; {@code requested} is the request's {@code model}, or null. */
    public ModelRoute route(String requested, String question) {
        if (requested == null || requested.isBlank()) {
            Optional<Integer> threshold = config.large().questionTokensOver();
            boolean isLong = threshold.isPresent() && tokens.count(question) > threshold.get();
            return isLong && large.isPresent() ? large.get() : fast;
        }
        if (requested.equals(ModelRoute.FAST)) {
            return fast;
        }
        if (requested.equals(ModelRoute.LARGE) && large.isPresent()) {
            return large.get();
        }
        throw ProblemException.badRequest("model: '" + requested + "' is not available; choose "
                + (large.isPresent() ? "'fast' or 'large'" : "'fast' (no large model is configured)"));
    }

    public ModelRoute fast() {
        return fast;
    }
}
