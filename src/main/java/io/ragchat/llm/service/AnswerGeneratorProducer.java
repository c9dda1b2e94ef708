package io.ragchat.llm.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.ragchat.llm.config.LlmConfig;

/** The one generator the service answers with, chosen by {@code ragchat.llm.provider}. */
public class AnswerGeneratorProducer {

    @Produces
    @ApplicationScoped
    @Selected
    AnswerGenerator selected(LlmConfig config, Instance<OllamaAnswerGenerator> ollama,
            Instance<OpenAiAnswerGenerator> openai, Instance<BedrockAnswerGenerator> bedrock,
            Instance<ExtractiveAnswerGenerator> extractive) {
        return switch (config.provider()) {
            case ollama -> ollama.get();
            case openai -> openai.get();
            case bedrock -> bedrock.get();
            case extractive -> extractive.get();
        };
    }
}
