package io.ragchat.testing.rerank;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link RerankSimulator} and turns reranking on against it ({@code ragchat.rerank.provider=http},
 * its base URL, text-embeddings-inference's API). Used by the tests' RemoteServicesProfile; a test gets the
 * simulator in a field marked {@link InjectRerankSimulator}.
 */
public class RerankSimulatorResource implements QuarkusTestResourceLifecycleManager {

    private RerankSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = RerankSimulator.start();
        return Map.of("ragchat.rerank.provider", "http",
                "ragchat.rerank.http.base-url", simulator.baseUrl(),
                "ragchat.rerank.http.api", "tei");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectRerankSimulator.class, RerankSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
