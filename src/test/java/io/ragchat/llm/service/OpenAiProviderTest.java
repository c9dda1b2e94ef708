package io.ragchat.llm.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

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

/** Generation on an OpenAI-compatible server (the simulator's /v1), through quarkus-langchain4j-openai. */
@QuarkusTest
@TestProfile(OpenAiProviderTest.OpenAiProvider.class)
class OpenAiProviderTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Test
    void answersStreamFromTheOpenAiCompatibleServer() {
        String word = "binturong" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("title", "Viverrids", "content", "The " + word + " smells of buttered popcorn."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /v1/chat/completions");

        String answer = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What does the " + word + " smell of?"))
                .post("/api/chat").then().statusCode(200)
                .body("provider", is("openai"))
                .body("model", is("qwen2.5:0.5b"))
                .body("sources[0].snippet", containsString(word))
                .extract().path("answer");

        assertThat(answer).isNotBlank();
        assertThat(simulator.stats().requests("POST /v1/chat/completions") - before).isEqualTo(1);
        var request = simulator.stats().lastRequest("POST /v1/chat/completions").orElseThrow().body();
        assertThat(request.getBoolean("stream")).isTrue();
        assertThat(request.getString("model")).isEqualTo("qwen2.5:0.5b");
        assertThat(request.encode()).contains("smell of");
    }

    @Test
    void aServerThatRefusedBeforeStreamingIsAskedAgain() {
        String word = "serval" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("title", "Cats", "content", "The " + word + " hears rodents underground."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /v1/chat/completions");
        simulator.injectFault(new Fault.FailBeforeStream(503, "overloaded"), 1);

        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What does the " + word + " hear?"))
                .post("/api/chat").then().statusCode(200)
                .body("answer", not(emptyString()));

        assertThat(simulator.stats().requests("POST /v1/chat/completions") - before).isEqualTo(2);
    }

    public static class OpenAiProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragchat.llm.provider", "openai",
                    "quarkus.langchain4j.openai.chat-model.model-name", "qwen2.5:0.5b");
        }
    }
}
