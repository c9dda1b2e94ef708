package io.ragchat.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.restassured.path.json.JsonPath;

/** Readiness proves inference; liveness depends on nothing; started means warmed up. */
@QuarkusTest
class ReadinessTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @AfterEach
    void restore() {
        simulator.clearFault();
        simulator.updateProfile(profile -> profile.loadTime(Duration.ZERO));
    }

    @Test
    void readyChecksTheDatabaseTheEmbeddingModelTheCacheAndARealInference() {
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(ready.getList("checks.name", String.class))
                .contains("llm", "embedding", "embedding-cache", "Reactive PostgreSQL connections health check");
        assertThat(ready.getString("checks.find { it.name == 'llm' }.data.model")).isEqualTo("qwen2.5:0.5b");
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItems("warm-up"))
                .body("checks.find { it.name == 'warm-up' }.data.model", is("warm"));
    }

    @Test
    void aSlowInferenceIsAnsweredWithTheLastResultWhileItRuns() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        // The next inference pays a model load longer than readiness waits (ragchat.health.llm-probe-wait, 2 s):
        // a kubelet must still get its answer in time, the last one's.
        simulator.updateProfile(profile -> profile.loadTime(Duration.ofSeconds(6)));
        simulator.unload();

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(llmCheck().get("data.stale")));
        assertThat(llmCheck().getString("status")).isEqualTo("UP");

        // The slow inference ends and decides the answers again.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> llmCheck().get("data.stale") == null);
    }

    @Test
    void readinessTurnsFalseWhileTheModelServerIsDownAndTrueWhenItIsBack() {
        simulator.injectFault(new Fault.Down());

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 503);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'llm' }.status", is("DOWN"));
        given().get("/q/health/live").then().statusCode(200);

        simulator.clearFault();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** The llm check of a readiness answer that must be 200. */
    private static JsonPath llmCheck() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .setRootPath("checks.find { it.name == 'llm' }");
    }

    @Test
    void frequentProbesShareOneInference() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        long before = simulator.stats().requests("POST /api/chat");

        for (int i = 0; i < 5; i++) {
            given().get("/q/health/ready").then().statusCode(200);
        }

        // Five probes within about one TTL (1 s in tests): at most two inferences, never one per probe.
        assertThat(simulator.stats().requests("POST /api/chat") - before).isLessThanOrEqualTo(2);
    }
}
