package io.ragchat.testing.llm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link LlmSimulator} in a {@code @QuarkusTest} that
 * {@link LlmSimulatorResource} fills with the simulator it started.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectLlmSimulator {
}
