package io.ragchat.limit.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** {@code ragchat.requests.rejected{reason}}: every reason is registered at start, so dashboards see zeros. */
@Startup
@ApplicationScoped
class LimitMetrics {

    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

    LimitMetrics(MeterRegistry registry) {
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, Counter.builder("ragchat.requests.rejected")
                    .description("Questions refused by a limit, or cut short by their deadline")
                    .tag("reason", reason.name())
                    .register(registry));
        }
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }
}
