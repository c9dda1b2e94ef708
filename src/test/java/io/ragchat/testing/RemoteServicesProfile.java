package io.ragchat.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.rerank.RerankSimulator;
import io.ragchat.testing.rerank.RerankSimulatorResource;

/**
 * The services ragchat calls besides the database, as the tests of their failures need them: reranking on,
 * against a {@link RerankSimulator} speaking text-embeddings-inference's API; traces exported to an
 * {@link OtlpCollector}; and short limits on the model, so that a test of a stalled model waits seconds, not
 * minutes (the {@code llm} policy's timeout 1.5 s, an answer idle for 1 s stopped, follow-ups rewritten by
 * the model within 1 s, else by the rule). The reranking, tracing, model timeout and model rewrite tests
 * share this one application, so the suite builds and starts it once: a trace then also shows the rerank
 * span, a new question is never rewritten, and a rewrite's own timeout is the shorter one.
 */
public class RemoteServicesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.fault-tolerance.\"llm\".timeout.value", "1500",
                "ragchat.llm.idle-timeout", "1s",
                "ragchat.follow-up.rewriter", "model",
                "ragchat.follow-up.model-timeout", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RerankSimulatorResource.class), new TestResourceEntry(OtlpCollector.class));
    }
}
