package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ragchat.health.config.HealthConfig;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.GuardedGeneration;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready only if the model really answers: a one-token generation, not a ping, bounded by the {@code llm-probe}
 * fault-tolerance guard. Its result is reused for
 * {@code ragchat.health.llm-probe-ttl} and concurrent probes share one inference, so probes cost the model
 * server at most one token per interval.
 */
@Readiness
@ApplicationScoped
public class LlmReadinessCheck implements AsyncHealthCheck {

    private final AnswerGenerator generator;
    private final String model;
    private final Uni<HealthCheckResponse> probe;

    LlmReadinessCheck(@Selected AnswerGenerator generator, ModelRouter router, HealthConfig config,
            GuardedGeneration guarded) {
        this.generator = generator;
        this.model = router.fast().modelId();
        // Memoized: callers within the TTL get the last result, and callers during a probe wait for it.
        this.probe = Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return guarded.probe(generator, router.fast())
                    .map(ignored -> response(true, start, null))
                    .onFailure().recoverWithItem(failure -> response(false, start, failure));
        }).memoize().atLeast(config.llmProbeTtl());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe;
    }

    private HealthCheckResponse response(boolean up, long start, Throwable failure) {
        var builder = HealthCheckResponse.named("llm").status(up)
                .withData("provider", generator.provider())
                .withData("model", model)
                .withData("probeMs", (System.nanoTime() - start) / 1_000_000);
        if (failure != null) {
            builder.withData("error", String.valueOf(failure.getMessage()));
        }
        return builder.build();
    }
}
