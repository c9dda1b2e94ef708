package io.ragchat.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Reports whether the Redis embedding cache is reachable, but never takes the service out of rotation:
 * without Redis, answers are only slower (vectors are computed), and pulling every replica out of the
 * Service because a cache is down would turn a slowdown into an outage.
 */
@Readiness
@ApplicationScoped
public class RedisCacheCheck implements AsyncHealthCheck {

    private final ReactiveRedisDataSource redis;

    RedisCacheCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .map(reply -> HealthCheckResponse.named("embedding-cache").up().withData("redis", "up").build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("embedding-cache").up()
                        .withData("redis", "down: answers compute every vector").build());
    }
}
