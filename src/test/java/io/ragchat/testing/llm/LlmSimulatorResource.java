package io.ragchat.testing.llm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts one {@link LlmSimulator} for a {@code @QuarkusTest} and points ragchat's LLM clients at it.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(LlmSimulatorResource.class)
 * class ChatStreamingTest {
 *     @InjectLlmSimulator
 *     LlmSimulator llm;
 *
 *     @BeforeEach
 *     void freshSimulator() { llm.reset(); }
 * }
 * }</pre>
 *
 * It uses the {@link SimulatorProfile#fast()} preset unless the init argument {@code preset} names
 * another ({@code @ResourceArg(name = "preset", value = "small-model-cpu")}), and sets:
 * <ul>
 *   <li>{@value #OLLAMA_BASE_URL}: {@link LlmSimulator#baseUrl()};</li>
 *   <li>{@value #OPENAI_BASE_URL}: {@link LlmSimulator#openAiBaseUrl()} (with {@code /v1}).</li>
 * </ul>
 */
public class LlmSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String OLLAMA_BASE_URL = "quarkus.langchain4j.ollama.base-url";
    public static final String OPENAI_BASE_URL = "quarkus.langchain4j.openai.base-url";

    private SimulatorProfile profile = SimulatorProfile.fast();
    private LlmSimulator simulator;

    @Override
    public void init(Map<String, String> initArgs) {
        String preset = initArgs.get("preset");
        if (preset != null) {
            profile = SimulatorProfile.preset(preset);
        }
    }

    @Override
    public Map<String, String> start() {
        simulator = LlmSimulator.start(profile);
        return Map.of(
                OLLAMA_BASE_URL, simulator.baseUrl(),
                OPENAI_BASE_URL, simulator.openAiBaseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectLlmSimulator.class, LlmSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.stop();
            simulator = null;
        }
    }
}
