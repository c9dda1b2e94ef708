package io.ragchat.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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
 * fault-tolerance guard. Its result is reused for {@code ragchat.health.llm-probe-ttl} and concurrent probes
 * share one inference, so probes cost the model server at most one token per interval.
 *
 * <p>
 * A busy model server can take longer than a kubelet waits for a probe. A readiness request therefore waits
 * at most {@code ragchat.health.llm-probe-wait} for an inference in progress and then answers with the last
 * one's result (marked {@code stale}); the inference goes on and decides the next answer. Before any
 * inference has finished there is nothing to go on, and the check says down.
 */
@Readiness
@ApplicationScoped
public class LlmReadinessCheck implements AsyncHealthCheck {

    private final AnswerGenerator generator;
    private final String model;
    private final Duration wait;
    private final Uni<HealthCheckResponse> probe;
    private final AtomicReference<HealthCheckResponse> last = new AtomicReference<>();

    LlmReadinessCheck(@Selected AnswerGenerator generator, ModelRouter router, HealthConfig config,
            GuardedGeneration guarded) {
        this.generator = generator;
        this.model = router.fast().modelId();
        this.wait = config.llmProbeWait();
        // Memoized: callers within the TTL get the last result, and callers during a probe share it. A caller
        // that stops waiting does not cancel it: the memoized inference runs to its end for the next caller.
        this.probe = Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return guarded.probe(generator, router.fast())
                    .map(ignored -> response(true, start, null))
                    .onFailure().recoverWithItem(failure -> response(false, start, failure));
        }).invoke(last::set).memoize().atLeast(config.llmProbeTtl());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.ifNoItem().after(wait).recoverWithItem(this::lastKnown);
    }

    private HealthCheckResponse lastKnown() {
        HealthCheckResponse known = last.get();
        var builder = HealthCheckResponse.named("llm").withData("provider", generator.provider()).withData("model", model)
                .withData("stale", true);
        if (known == null) {
            return builder.down().withData("error", "the first dummy inference has not finished").build();
        }
        known.getData().ifPresent(data -> data.forEach((key, value) -> {
            if (!"provider".equals(key) && !"model".equals(key)) {
                builder.withData(key, String.valueOf(value));
            }
        }));
        return builder.status(known.getStatus() == HealthCheckResponse.Status.UP).build();
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
