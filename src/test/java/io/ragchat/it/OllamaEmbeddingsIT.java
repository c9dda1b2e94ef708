package io.ragchat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Embeddings from the Ollama server instead of in-process ({@code ragchat.embedding.model=ollama}): ingest and
 * retrieval go through /api/embed. On a database of its own (ragchat_test_ollama, which {@code ./ragchat test}
 * recreates): stored vectors must all come from one model.
 */
class OllamaEmbeddingsIT {

    private static LlmSimulator simulator;
    private static AppProcess service;
    private static RequestSpecification api;

    @BeforeAll
    static void start() {
        simulator = LlmSimulator.start(SimulatorProfile.fast());
        service = PackagedService.start("ollama-embeddings", simulator, Map.of(
                "ragchat.embedding.model", "ollama",
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/ragchat_test_ollama",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/ragchat_test_ollama"));
        api = new RequestSpecBuilder().setBaseUri(service.uri("").toString()).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        simulator.stop();
    }

    @Test
    void documentsAndQuestionsAreEmbeddedByTheModelServer() {
        String word = "ocelot" + UUID.randomUUID().toString().substring(0, 8);
        long before = simulator.stats().requests("POST /api/embed");

        given(api).contentType(ContentType.JSON)
                .body(Map.of("title", "Cats", "content", "The " + word + " hunts at night in the rainforest."))
                .post("/api/documents").then().statusCode(201);
        given(api).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "When does the " + word + " hunt?"))
                .post("/api/chat").then().statusCode(200)
                .body("sources[0].snippet", containsString(word));

        assertThat(simulator.stats().requests("POST /api/embed") - before).isGreaterThanOrEqualTo(2);
        assertThat(simulator.stats().lastRequest("POST /api/embed").orElseThrow().body().getString("model"))
                .isEqualTo("all-minilm");
    }

    @Test
    void anEmbeddingServerThatRefusedOnceIsAskedAgain() {
        String word = "margay" + UUID.randomUUID().toString().substring(0, 8);
        given(api).contentType(ContentType.JSON)
                .body(Map.of("title", "Cats", "content", "The " + word + " climbs down trees head first."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /api/embed");
        simulator.injectFault(new Fault.FailBeforeStream(503, "embedding runner restarting"), 1);

        given(api).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "How does the " + word + " climb down?"))
                .post("/api/chat").then().statusCode(200)
                .body("sources[0].snippet", containsString(word));

        assertThat(simulator.stats().requests("POST /api/embed") - before).isEqualTo(2);
    }
}
