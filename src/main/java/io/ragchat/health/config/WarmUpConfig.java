package io.ragchat.health.config;

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
}
