package io.ragchat.testing.rerank;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.OtlpCollector;

/**
 * Reranking on, against a {@link RerankSimulator} speaking text-embeddings-inference's API, and traces
 * exported to an {@link OtlpCollector}: the reranking tests and TracingTest share this one application, so
 * the suite builds and starts it once (a trace then also shows the rerank span).
 */
public class RerankProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RerankSimulatorResource.class), new TestResourceEntry(OtlpCollector.class));
    }
}
