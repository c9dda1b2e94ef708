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

    /**
     * How long a readiness request waits for a dummy inference in progress before it answers with the last
     * one's result: a busy model server then never times out the kubelet's probe (its timeoutSeconds must be
     * longer; ManifestPolicyTest checks it), and the inference still decides the next answer.
     */
    @WithDefault("2s")
    Duration llmProbeWait();
}
