package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/started}: up once the warm-up has run, so the first user never pays for it. A chat model
 * that did not answer within the warm-up's wait leaves the service started but degraded: {@code model} says
 * so, and readiness (which asks the model again) keeps the pod out of rotation until it answers. Staying
 * down instead would have the kubelet restart every pod for as long as the shared model server is away.
 */
@Startup
@ApplicationScoped
public class WarmUpStartupCheck implements HealthCheck {

    private final WarmUp warmUp;

    WarmUpStartupCheck(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(warmUp.done()).withData("model", warmUp.modelState()).build();
    }
}
