package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** {@code /q/health/started}: up once the warm-up has run, so the first user never pays for it. */
@Startup
@ApplicationScoped
public class WarmUpStartupCheck implements HealthCheck {

    private final WarmUp warmUp;

    WarmUpStartupCheck(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(warmUp.done()).build();
    }
}
