package io.ragchat.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Answers without a language model (the extractive provider: deterministic, no model server needed), and a
 * keep-alive short enough that a test sees one while a slow answer waits for its first token. The
 * OpenAI-compatible API's tests and the browser tests share this one application, so the suite builds and
 * starts it once; a test that needs answers scripted or paced replaces the generator for itself
 * ({@link SelectedGenerator}).
 */
public class ExtractiveProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.llm.provider", "extractive", "ragchat.chat.keep-alive-interval", "200ms");
    }
}
