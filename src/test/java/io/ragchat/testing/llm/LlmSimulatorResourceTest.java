package io.ragchat.testing.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The Quarkus test resource, driven the way Quarkus drives it, without booting an application. */
class LlmSimulatorResourceTest {

    /** Stands in for a {@code @QuarkusTest} class. */
    static class SomeQuarkusTest {
        @InjectLlmSimulator
        LlmSimulator llm;

        LlmSimulator notAnnotated;
    }

    @Test
    void startsASimulatorPointsTheClientsAtItAndInjectsIt() throws Exception {
        LlmSimulatorResource resource = new LlmSimulatorResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        try {
            SomeQuarkusTest test = new SomeQuarkusTest();
            resource.inject(fieldInjectorFor(test));

            assertThat(test.llm).isNotNull();
            assertThat(test.notAnnotated).isNull();
            assertThat(config).containsOnly(
                    Map.entry("quarkus.langchain4j.ollama.base-url", test.llm.baseUrl()),
                    Map.entry("quarkus.langchain4j.openai.base-url", test.llm.baseUrl() + "/v1"));
            assertThat(test.llm.profile()).isEqualTo(SimulatorProfile.fast());
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> running = http.send(HttpRequest.newBuilder(URI.create(config.get(
                        "quarkus.langchain4j.ollama.base-url"))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(running.body()).isEqualTo("Ollama is running");
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void presetInitArgumentChoosesTheProfile() {
        LlmSimulatorResource resource = new LlmSimulatorResource();
        resource.init(Map.of("preset", "small-model-cpu"));
        resource.start();
        try {
            SomeQuarkusTest test = new SomeQuarkusTest();
            resource.inject(fieldInjectorFor(test));
            assertThat(test.llm.profile()).isEqualTo(SimulatorProfile.smallModelCpu());
        } finally {
            resource.stop();
        }
    }

    /** What Quarkus's own injector does: set each matching field of the test instance. */
    private static TestInjector fieldInjectorFor(Object testInstance) {
        return (Object value, Predicate<Field> matches) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (matches.test(field)) {
                    field.setAccessible(true);
                    try {
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
