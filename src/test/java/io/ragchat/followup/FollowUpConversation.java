package io.ragchat.followup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Three documents, kept apart from every other test's by a metadata filter: a page about one archiver's
 * compression level (which also states its default), a general page about defaults, and a page about
 * certificates. "And what is its default?" alone finds the general page; asked after a question about the
 * compression level, it should find the compression page.
 */
final class FollowUpConversation {

    static final String FOLLOW_UP = "And what is its default?";

    final String archiver = unique("zipster");
    final String firstQuestion = "What does the " + archiver + " compression level control?";
    final Map<String, Object> filter = Map.of("suite", unique("follow-up"));
    final UUID compression;
    final UUID defaults;
    final UUID certificates;

    FollowUpConversation() {
        compression = ingest("Compression level", "The " + archiver + " compression level trades speed for size: level 1"
                + " is the fastest and level 9 writes the smallest archives. The default compression level is 6.");
        defaults = ingest("Defaults", "Defaults: a default is the value a setting has when you leave it unset.");
        certificates = ingest("Certificates", "To rotate the TLS certificates of the " + unique("gatehouse")
                + " server, copy the new certificate and key into its config folder and reload the service.");
    }

    /** Asks {@code question} (in {@code conversationId} when not null); the whole answer. */
    JsonPath ask(String question, String conversationId) {
        Map<String, Object> body = new HashMap<>(Map.of("message", question, "filter", filter));
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body)
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
    }

    /** The conversation of the first question, after checking it found the compression page. */
    String startConversation() {
        JsonPath first = ask(firstQuestion, null);
        assertThat(firstSource(first)).isEqualTo(compression.toString());
        return first.getString("conversationId");
    }

    static String firstSource(JsonPath answer) {
        List<String> documents = answer.getList("sources.documentId", String.class);
        assertThat(documents).isNotEmpty();
        return documents.get(0);
    }

    private UUID ingest(String title, String content) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "metadata", filter))
                .post("/api/documents").then().statusCode(201).extract().path("id"));
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
