package io.ragchat.followup;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Follow-ups rewritten by the model, with a short enough timeout that a stalled rewrite falls back quickly. */
public class ModelRewriteProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.follow-up.rewriter", "model", "ragchat.follow-up.model-timeout", "1s");
    }
}
