package io.ragchat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.ragchat.testing.Lane;
import io.ragchat.testing.SseClient;
import io.restassured.http.ContentType;

/**
 * The packaged service, started as operators start it (the jar, not the test runner): it warms up,
 * reports ready, ingests and streams an answer. With {@code -Dquarkus.package.jar.aot.enabled=true} this
 * run is also the training run of the Java AOT cache.
 */
@QuarkusIntegrationTest
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class PackagedServiceIT {

    @TestHTTPResource("/api/chat")
    URI chat;

    @Test
    void startsWarmIngestsAndStreamsAGroundedAnswer() {
        // Started once the warm-up's one-token request has answered, ready once readiness's own has: the
        // service listens before either, and on a busy machine each can take longer than a probe waits
        // (ragchat.health.llm-probe-wait), so the probes before them say down, as documented.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/started").statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        String word = "lemur" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Madagascar", "content", "The " + word + " leaps between baobab trees."))
                .post("/api/documents").then().statusCode(201);

        List<SseClient.Event> events = SseClient.post(chat, "{\"message\":\"How does the " + word + " move?\"}");

        assertThat(events.get(0).name()).isEqualTo("meta");
        assertThat(events).anyMatch(e -> e.name().equals("token"));
        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
        given().get("/").then().statusCode(200).body(containsString("ragchat"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("ragchat_stage_seconds"));
    }

    @Test
    void returnsItsStartUpGarbageBeforeReportingStarted() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/started").statusCode() == 200);

        // The one full collection of the warm-up (WarmUp): without it G1 keeps the start-up heap committed.
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_gc_pause_seconds_count{action=\"end of major GC\",cause=\"System.gc()\""));
    }
}
