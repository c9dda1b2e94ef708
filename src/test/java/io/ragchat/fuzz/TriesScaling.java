package io.ragchat.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Multiplies every property's tries by {@code -Dragchat.fuzz.tries-factor} (default 1), so a longer local run
 * ({@code -Dragchat.fuzz.tries-factor=20}) needs no code change while the suite's run stays short.
 */
public class TriesScaling implements AroundPropertyHook {

    static final String FACTOR = "ragchat.fuzz.tries-factor";

    /** Added to the test class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        double factor = Double.parseDouble(System.getProperty(FACTOR, "1"));
        context.attributes().tries()
                .ifPresent(tries -> context.attributes().setTries((int) Math.max(1, Math.round(tries * factor))));
        return property.execute();
    }
}
