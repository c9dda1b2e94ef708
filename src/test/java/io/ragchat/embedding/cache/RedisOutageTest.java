package io.ragchat.embedding.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Redis unavailable: the real Redis is paused for every client (CLIENT PAUSE), so cache lookups time out;
 * answers must keep coming, and the bypass is counted.
 */
@QuarkusTest
class RedisOutageTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @Test
    void answersKeepComingWhileRedisDoesNotAnswer() {
        String word = "wombat" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("title", "Burrows", "content", "The " + word + " digs burrows."))
                .post("/api/documents").then().statusCode(201);
        double errorsBefore = errors();

        // Paused for a fixed time rather than unpaused: a paused Redis would not take the UNPAUSE either.
        redis.execute("CLIENT", "PAUSE", "1500", "ALL");
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What does the " + word + " dig? " + UUID.randomUUID(), "topK", 5))
                .post("/api/chat").then().statusCode(200)
                .body("sources.snippet", hasItem(containsString(word)));

        assertThat(errors()).isGreaterThan(errorsBefore);
    }

    private double errors() {
        return registry.get("ragchat.embedding.cache.requests").tags("result", "error").counter().count();
    }
}
