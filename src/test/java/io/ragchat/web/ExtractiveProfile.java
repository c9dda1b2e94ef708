package io.ragchat.web;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service answering with the {@code extractive} provider (no model needed), paced like a model by
 * {@link PacedExtractiveGenerator} so that a browser can watch an answer grow and stop it half-way.
 */
public class ExtractiveProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.llm.provider", "extractive");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(PacedExtractiveGenerator.class);
    }
}
