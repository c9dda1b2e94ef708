package io.ragchat.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document describes every public endpoint, each with examples a reader can copy. */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<String> PUBLIC_PATHS = List.of("/api/chat", "/api/chat/stream", "/api/documents",
            "/api/documents/{id}", "/api/conversations/{id}/messages", "/v1/chat/completions", "/v1/models");

    private JsonNode document;
    private JsonNode paths;

    @BeforeEach
    void fetch() throws Exception {
        document = new ObjectMapper().readTree(
                given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        paths = document.path("paths");
    }

    @Test
    void everyPublicPathIsDocumented() {
        assertThat(names(paths)).containsAll(PUBLIC_PATHS);
    }

    @Test
    void everyOperationHasAnExampleResponse() {
        List<String> withoutExamples = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/api/") && !path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (operation.getValue().path("responses").findValues("examples").isEmpty()
                        && !operation.getKey().equals("delete")) {
                    withoutExamples.add(operation.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(withoutExamples).as("operations without an example response").isEmpty();
    }

    @Test
    void everyOperationNeedsABearerTokenOrAnApiKey() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerJwt").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearerJwt").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearerJwt").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("apiKey").path("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.path("apiKey").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("apiKey").path("name").asText()).isEqualTo("X-API-Key");
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                assertThat(operation.getValue().path("security").toString()).as("%s %s", operation.getKey(), path.getKey())
                        .isEqualTo("[{\"bearerJwt\":[]},{\"apiKey\":[]}]");
                operations.add(operation.getKey() + " " + path.getKey());
            }
        }
        assertThat(operations).contains("post /api/chat", "get /v1/models");
    }

    @Test
    void theStreamsShowEveryEventType() {
        assertThat(examples("/api/chat", "post", "text/event-stream"))
                .contains("meta", "status", "sources", "token", "done", "error", "keep-alive");
        assertThat(examples("/api/chat/stream", "get", "text/event-stream"))
                .contains("meta", "status", "sources", "token", "done", "error", "keep-alive");
        assertThat(examples("/v1/chat/completions", "post", "text/event-stream"))
                .contains("first chunk", "token chunk", "last chunk", "usage chunk", "done", "error");
        assertThat(examples("/v1/chat/completions", "post", "application/json")).contains("chat.completion");
        assertThat(examples("/api/chat", "post", "application/json")).isNotEmpty();
        assertThat(examples("/api/chat", "post", "text/plain")).isNotEmpty();
    }

    @Test
    void openAiErrorsAreDocumentedInOpenAisShape() {
        JsonNode notFound = paths.path("/v1/chat/completions").path("post").path("responses").path("404")
                .path("content").path("application/json").path("examples").path("model_not_found").path("value");
        assertThat(notFound.toString()).contains("\"code\":\"model_not_found\"");
    }

    private List<String> examples(String path, String method, String mediaType) {
        return names(paths.path(path).path(method).path("responses").path("200").path("content").path(mediaType)
                .path("examples"));
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }
}
