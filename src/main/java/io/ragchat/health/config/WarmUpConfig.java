package io.ragchat.health.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.warm-up")
public interface WarmUpConfig {

    /**
     * Load and run the embedding model and ask the chat model for one token before reporting started.
     * Off, the first question pays for both (the performance guide's baseline).
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long the warm-up waits for the chat model's first token (a cold model server loads the model
     * first). Past it the service reports started anyway, with the model marked as not answering, and
     * readiness keeps it out of rotation until the model answers. A startup probe must allow longer.
     */
    @WithDefault("5m")
    Duration modelTimeout();
}
