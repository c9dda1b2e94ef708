package io.ragchat.health.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.health")
public interface HealthConfig {

    /**
     * How long the result of readiness's dummy inference is reused, so frequent probes from several
     * sources never pile load on the model.
     */
    @WithDefault("15s")
    Duration llmProbeTtl();
}
