package io.ragchat.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.chat.config.ChatConfig;
import io.ragchat.retrieval.config.RetrievalConfig;

/**
 * Every operation of the API is documented alike, so a client generated from the OpenAPI document knows each
 * error it may get and what its body is, and the request's limits are the ones the running service applies.
 */
@QuarkusTest
class OpenApiContractTest {

    /** The errors each operation gives besides 401 and 500, which every one can. */
    private static final Map<String, List<String>> ERRORS = Map.ofEntries(
            Map.entry("post /api/chat", List.of("400", "404", "406", "413", "415", "429", "503")),
            Map.entry("get /api/chat/stream", List.of("400", "404", "413", "429", "503")),
            Map.entry("post /api/documents", List.of("400", "413", "415", "422")),
            Map.entry("get /api/documents", List.of("400")),
            Map.entry("get /api/documents/{id}", List.of("404")),
            Map.entry("get /api/documents/{id}/content", List.of("404")),
            Map.entry("delete /api/documents/{id}", List.of("404")),
            Map.entry("get /api/conversations", List.of("400")),
            Map.entry("get /api/conversations/{id}", List.of("404")),
            Map.entry("get /api/conversations/{id}/messages", List.of("404")),
            Map.entry("post /v1/chat/completions", List.of("400", "404", "413", "429", "502", "503")),
            Map.entry("get /v1/models", List.of()),
            Map.entry("get /v1/models/{model}", List.of("404")));

    @Inject
    ChatConfig chat;

    @Inject
    RetrievalConfig retrieval;

    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        document = new ObjectMapper().readTree(
                given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void everyOperationHasASummaryAndItsErrorsWithTheirBodies() {
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            boolean openAi = path.getKey().startsWith("/v1/");
            if (!openAi && !path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey() + " " + path.getKey();
                operations.add(name);
                assertThat(operation.getValue().path("summary").asText()).as("summary of %s", name).isNotBlank();
                JsonNode responses = operation.getValue().path("responses");
                List<String> expected = new ArrayList<>(ERRORS.getOrDefault(name, List.of()));
                expected.addAll(List.of("401", "500"));
                assertThat(names(responses)).as("statuses of %s", name).containsAll(expected);
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertErrorBody(name + " " + response.getKey(), response.getValue().path("content"), openAi);
                    }
                }
            }
        }
        assertThat(operations).containsExactlyInAnyOrderElementsOf(ERRORS.keySet());
    }

    @Test
    void theChatRequestsLimitsAreTheConfiguredOnes() {
        JsonNode schemas = document.path("components").path("schemas");
        JsonNode request = schemas.path("ChatRequest").path("properties");
        assertThat(request.path("message").path("minLength").asInt()).isEqualTo(1);
        assertThat(request.path("message").path("maxLength").asInt()).isEqualTo(chat.maxMessageLength());
        for (JsonNode topK : List.of(request.path("topK"), schemas.path("RagchatOptions").path("properties").path("topK"))) {
            assertThat(topK.path("minimum").asInt()).as("%s", topK).isEqualTo(1);
            assertThat(topK.path("maximum").asInt()).as("%s", topK).isEqualTo(retrieval.maxTopK());
        }
        assertThat(schemas.path("CompletionRequest").path("properties").has("question")).isFalse();
    }

    private void assertErrorBody(String what, JsonNode content, boolean openAi) {
        String mediaType = openAi ? "application/json" : "application/problem+json";
        String schema = openAi ? "#/components/schemas/OpenAiError" : "#/components/schemas/Problem";
        assertThat(names(content)).as("media types of %s", what).containsExactly(mediaType);
        assertThat(content.path(mediaType).path("schema").path("$ref").asText()).as("schema of %s", what).isEqualTo(schema);
        assertThat(document.at("/components/schemas/" + schema.substring(schema.lastIndexOf('/') + 1)).isObject())
                .as("%s is defined", schema).isTrue();
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }
}
