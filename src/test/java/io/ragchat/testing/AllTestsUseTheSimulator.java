package io.ragchat.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.ragchat.testing.llm.LlmSimulatorResource;

/**
 * Every {@code @QuarkusTest} runs against one LLM simulator, so they all share one application start
 * instead of restarting it per test class.
 */
@WithTestResource(value = LlmSimulatorResource.class, scope = TestResourceScope.GLOBAL)
public final class AllTestsUseTheSimulator {

    private AllTestsUseTheSimulator() {
    }
}
