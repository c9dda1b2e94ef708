package io.ragchat.embedding.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.restassured.http.ContentType;

/** Embeddings from the Ollama server instead of in-process: ingest and retrieval go through /api/embed. */
@QuarkusTest
@TestProfile(OllamaEmbeddingsTest.OllamaEmbeddings.class)
class OllamaEmbeddingsTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Test
    void documentsAndQuestionsAreEmbeddedByTheModelServer() {
        String word = "ocelot" + UUID.randomUUID().toString().substring(0, 8);
        long before = simulator.stats().requests("POST /api/embed");

        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Cats", "content", "The " + word + " hunts at night in the rainforest."))
                .post("/api/documents").then().statusCode(201);
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
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
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Cats", "content", "The " + word + " climbs down trees head first."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /api/embed");
        simulator.injectFault(new Fault.FailBeforeStream(503, "embedding runner restarting"), 1);

        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "How does the " + word + " climb down?"))
                .post("/api/chat").then().statusCode(200)
                .body("sources[0].snippet", containsString(word));

        assertThat(simulator.stats().requests("POST /api/embed") - before).isEqualTo(2);
    }

    /** Its own database: stored vectors must all come from one model. */
    public static class OllamaEmbeddings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragchat.embedding.model", "ollama",
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/ragchat_test_ollama",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/ragchat_test_ollama");
        }
    }
}
