package io.ragchat.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Short limits on the model, so that a test of a stalled model waits seconds, not minutes: the {@code llm}
 * policy's timeout 1.5 s, an answer idle for 1 s stopped, and follow-ups rewritten by the model within 1 s
 * (else by the rule). The model timeout tests and the model rewrite tests share this one application, so the
 * suite builds and starts it once: a new question is never rewritten, and a rewrite's own timeout is the
 * shorter one.
 */
public class ShortModelLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.fault-tolerance.\"llm\".timeout.value", "1500",
                "ragchat.llm.idle-timeout", "1s",
                "ragchat.follow-up.rewriter", "model",
                "ragchat.follow-up.model-timeout", "1s");
    }
}
