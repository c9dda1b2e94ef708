package io.ragchat.rerank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.rerank.InjectRerankSimulator;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.rerank.RerankSimulator;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * An answer's sources in the order the reranker scores them, its time a stage of the answer; a reranker that
 * is down leaves the fused order and the answer goes on.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class RerankedAnswerTest {

    private static final String QUESTION = "Where do seals sleep?";

    @InjectRerankSimulator
    RerankSimulator simulator;

    @Inject
    MeterRegistry registry;

    private final String corpus = "rerank-" + UUID.randomUUID();
    private String sandbanks;
    private String water;

    @BeforeEach
    void documents() {
        simulator.reset();
        sandbanks = ingest("Harbour seals", "Harbour seals sleep on sandbanks at low tide, close to the water.");
        water = ingest("Seal pups", "Seal pups sleep floating upright in the water, their noses above it.");
    }

    @Test
    void theSourcesFollowTheRerankersScoresAndItsTimeIsAStage() {
        simulator.prefer("sandbanks");
        JsonPath first = ask();
        assertThat(first.getList("sources.documentId", String.class)).containsExactly(sandbanks, water);
        assertThat(first.getLong("timings.rerankMs")).isNotNegative();

        simulator.prefer("pups");
        assertThat(ask().getList("sources.documentId", String.class)).containsExactly(water, sandbanks);
        assertThat(simulator.requests()).isNotEmpty().allMatch(r -> r.body().getString("query").equals(QUESTION));
    }

    @Test
    void aRerankerThatIsDownLeavesTheFusedOrderAndTheAnswerGoesOn() {
        double before = fallbacks();
        simulator.unavailable();

        JsonPath answer = ask();

        assertThat(answer.getList("sources.documentId", String.class)).containsExactlyInAnyOrder(sandbanks, water);
        assertThat(answer.getString("answer")).isNotBlank();
        assertThat(fallbacks()).isEqualTo(before + 1);
    }

    private JsonPath ask() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", QUESTION, "topK", 2, "filter", Map.of("corpus", corpus)))
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
    }

    private String ingest(String title, String content) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "metadata", Map.of("corpus", corpus)))
                .post("/api/documents").then().statusCode(201).extract().path("id");
    }

    private double fallbacks() {
        return registry.find("ragchat.rerank.fallbacks").tag("reason", "down").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
