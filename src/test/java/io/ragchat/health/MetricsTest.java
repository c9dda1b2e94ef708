package io.ragchat.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The metrics the platform team's dashboards and autoscaler read, under their documented names. */
@QuarkusTest
class MetricsTest {

    @Test
    void everyDocumentedMetricIsExported() {
        given().contentType(ContentType.JSON).body(Map.of("title", "Metrics", "content", "Otters " + UUID.randomUUID() + " hold hands."))
                .post("/api/documents").then().statusCode(201);
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("message", "What do otters hold?"))
                .post("/api/chat").then().statusCode(200);

        // The history is committed after the answer: wait for its stage to be recorded.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").asString()
                .contains("stage=\"history_commit\""));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        for (String stage : new String[] { "embedding", "cache_lookup", "retrieval", "history_load", "first_token",
                "llm_total", "total" }) {
            assertThat(metrics).contains("ragchat_stage_seconds_bucket{model=\"qwen2.5:0.5b\",provider=\"ollama\",stage=\""
                    + stage + "\"");
        }
        assertThat(metrics).contains("ragchat_stage_seconds_bucket{model=\"qwen2.5:0.5b\",provider=\"ollama\",stage=\"history_commit\"")
                .contains("ragchat_embedding_cache_requests_total{result=\"miss\",tier=\"redis\"}")
                .contains("ragchat_streams_active ")
                .contains("ragchat_requests_rejected_total{reason=\"rate\"}")
                .contains("ragchat_requests_rejected_total{reason=\"user_streams\"}")
                .contains("ragchat_requests_rejected_total{reason=\"total_streams\"}")
                .contains("ragchat_requests_rejected_total{reason=\"deadline\"}")
                .contains("ragchat_tokens_per_second_count{model=\"qwen2.5:0.5b\",provider=\"ollama\"}")
                .contains("ragchat_history_queue_depth ")
                .contains("ragchat_history_writes_total ")
                .contains("ragchat_history_write_failures_total ");
    }
}
