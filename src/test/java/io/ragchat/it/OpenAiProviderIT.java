package io.ragchat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Generation on an OpenAI-compatible server (the simulator's /v1), through quarkus-langchain4j-openai, as an
 * operator selects it: {@code ragchat.llm.provider=openai} on the packaged service.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class OpenAiProviderIT {

    private static final String MODEL = "qwen2.5:0.5b";

    private static LlmSimulator simulator;
    private static AppProcess service;
    private static RequestSpecification api;

    @BeforeAll
    static void start() {
        simulator = LlmSimulator.start(SimulatorProfile.fast());
        service = PackagedService.start("openai-provider", simulator,
                Map.of("ragchat.llm.provider", "openai", "quarkus.langchain4j.openai.chat-model.model-name", MODEL));
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
    void answersStreamFromTheOpenAiCompatibleServer() {
        String word = "binturong" + UUID.randomUUID().toString().substring(0, 8);
        given(api).contentType(ContentType.JSON).body(Map.of("title", "Viverrids", "content", "The " + word + " smells of buttered popcorn."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /v1/chat/completions");

        String answer = given(api).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What does the " + word + " smell of?"))
                .post("/api/chat").then().statusCode(200)
                .body("provider", is("openai"))
                .body("model", is(MODEL))
                .body("sources[0].snippet", containsString(word))
                .extract().path("answer");

        assertThat(answer).isNotBlank();
        assertThat(simulator.stats().requests("POST /v1/chat/completions") - before).isEqualTo(1);
        var request = simulator.stats().lastRequest("POST /v1/chat/completions").orElseThrow().body();
        assertThat(request.getBoolean("stream")).isTrue();
        assertThat(request.getString("model")).isEqualTo(MODEL);
        assertThat(request.encode()).contains("smell of");
    }

    @Test
    void aServerThatRefusedBeforeStreamingIsAskedAgain() {
        String word = "serval" + UUID.randomUUID().toString().substring(0, 8);
        given(api).contentType(ContentType.JSON).body(Map.of("title", "Cats", "content", "The " + word + " hears rodents underground."))
                .post("/api/documents").then().statusCode(201);
        long before = simulator.stats().requests("POST /v1/chat/completions");
        simulator.injectFault(new Fault.FailBeforeStream(503, "overloaded"), 1);

        given(api).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "What does the " + word + " hear?"))
                .post("/api/chat").then().statusCode(200)
                .body("answer", not(emptyString()));

        assertThat(simulator.stats().requests("POST /v1/chat/completions") - before).isEqualTo(2);
    }
}
