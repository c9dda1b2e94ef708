package io.ragchat.openai;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Answers without a language model (deterministic, no model server needed), and a keep-alive short enough
 * that a test sees one while a slow answer waits for its first token.
 */
public class OpenAiTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.llm.provider", "extractive", "ragchat.chat.keep-alive-interval", "200ms");
    }
}
