package io.ragchat.document.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.testing.Database;
import io.restassured.http.ContentType;

@QuarkusTest
class DocumentResourceTest {

    @Inject
    Database db;

    @Test
    void ingestsJsonDocumentIntoChunksAndServesItBack() {
        String source = "test/" + UUID.randomUUID() + ".md";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", "Kettle manual", "source", source, "metadata", Map.of("team", "kitchen"),
                        "content", "# Kettle\n\nFill the kettle to the line.\n\n## Descaling\n\nDescale monthly with vinegar."))
                .post("/api/documents")
                .then().statusCode(201)
                .body("status", is("created"))
                .body("chunks", greaterThan(0))
                .extract().path("id");

        assertThat(db.chunksOf(UUID.fromString(id))).isGreaterThan(0);
        given().get("/api/documents/" + id).then().statusCode(200)
                .body("title", is("Kettle manual"))
                .body("source", is(source))
                .body("metadata.team", is("kitchen"));
        given().get("/api/documents/" + id + "/content").then().statusCode(200)
                .body(equalTo("# Kettle\n\nFill the kettle to the line.\n\n## Descaling\n\nDescale monthly with vinegar."));
    }

    @Test
    void ingestsMarkdownAndPlainTextBodies() {
        given().contentType("text/markdown").queryParam("title", "Markdown body")
                .body("# Heading\n\nA markdown paragraph about zeppelins " + UUID.randomUUID() + ".")
                .post("/api/documents")
                .then().statusCode(201).body("chunks", greaterThan(0));
        given().contentType(ContentType.TEXT).queryParam("title", "Text body")
                .body("A plain text paragraph about dirigibles " + UUID.randomUUID() + ".")
                .post("/api/documents")
                .then().statusCode(201).body("chunks", greaterThan(0));
    }

    @Test
    void sameContentAgainIsANoOp() {
        Map<String, Object> document = Map.of("title", "Idempotent", "content", "Content " + UUID.randomUUID());
        String first = given().contentType(ContentType.JSON).body(document).post("/api/documents")
                .then().statusCode(201).extract().path("id");
        long chunks = db.chunks();

        given().contentType(ContentType.JSON).body(document).post("/api/documents")
                .then().statusCode(200).body("status", is("unchanged")).body("id", is(first));

        assertThat(db.chunks()).isEqualTo(chunks);
    }

    @Test
    void newContentUnderTheSameSourceReplacesTheChunks() {
        String source = "test/" + UUID.randomUUID() + ".md";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", "Versioned", "source", source, "content", "Version one says alpha."))
                .post("/api/documents").then().statusCode(201).extract().path("id");
        long before = db.count("SELECT count(*) FROM chunk WHERE document_id = $1 AND content LIKE '%alpha%'",
                UUID.fromString(id));
        assertThat(before).isPositive();

        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Versioned", "source", source, "content", "Version two says beta.\n\nAnd gamma."))
                .post("/api/documents")
                .then().statusCode(200).body("status", is("replaced")).body("id", is(id));

        UUID documentId = UUID.fromString(id);
        assertThat(db.count("SELECT count(*) FROM chunk WHERE document_id = $1 AND content LIKE '%alpha%'", documentId))
                .isZero();
        assertThat(db.count("SELECT count(*) FROM chunk WHERE document_id = $1 AND content LIKE '%beta%'", documentId))
                .isPositive();
        assertThat(db.count("SELECT count(*) FROM document WHERE source = $1", source)).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheDocumentAndItsChunks() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", "Doomed", "content", "Short-lived " + UUID.randomUUID()))
                .post("/api/documents").then().statusCode(201).extract().path("id");

        given().delete("/api/documents/" + id).then().statusCode(204);

        assertThat(db.chunksOf(UUID.fromString(id))).isZero();
        given().get("/api/documents/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("status", is(404));
        given().delete("/api/documents/" + id).then().statusCode(404);
    }

    @Test
    void badDocumentsAreRefusedWithProblemsAndNothingIsWritten() {
        long documents = db.documents();
        long chunks = db.chunks();

        problem(given().contentType(ContentType.JSON).body(Map.of("title", "No content", "content", "  ")), 400);
        problem(given().contentType(ContentType.JSON).body(Map.of("content", "No title")), 400);
        problem(given().contentType(ContentType.JSON).body("{\"title\": \"Broken\", \"content\": "), 400);
        problem(given().contentType(ContentType.JSON).body("[1, 2]"), 400);
        problem(given().contentType(ContentType.JSON)
                .body(Map.of("title", "Huge", "content", "x".repeat(1_000_001))), 413);
        problem(given().contentType("image/png").body(new byte[] { 1, 2, 3 }), 415);
        problem(given().contentType("application/pdf").body(new byte[] { 1, 2, 3 }), 422);
        problem(given().contentType("text/markdown").body("# No title given"), 400);

        assertThat(db.documents()).isEqualTo(documents);
        assertThat(db.chunks()).isEqualTo(chunks);
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        given().get("/api/documents/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/documents/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static void problem(io.restassured.specification.RequestSpecification request, int status) {
        request.post("/api/documents").then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", is(status))
                .body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.notNullValue());
    }
}
