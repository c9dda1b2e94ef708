package io.ragchat.testing.rerank;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Reranking on, against a {@link RerankSimulator} speaking text-embeddings-inference's API. */
public class RerankProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RerankSimulatorResource.class));
    }
}
