package io.ragchat.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.pgvector.PGvector;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.retrieval.config.RetrievalConfig.Mode;
import io.ragchat.retrieval.service.RetrievalService;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenants never see each other's documents, chunks or conversations; users of one tenant never see each
 * other's conversations. Another's is answered exactly like one that does not exist.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class TenantIsolationTest {

    private static final int DIMENSION = 384;

    @Inject
    RetrievalService retrieval;

    @Inject
    Pool pool;

    private final String acme = "acme-" + UUID.randomUUID();
    private final String globex = "globex-" + UUID.randomUUID();

    @Test
    void aTenantNeverGetsAnotherTenantsChunksAsSources() {
        String word = "zorblat" + UUID.randomUUID().toString().substring(0, 6);
        ingest(as(acme, "alice"), "Acme secrets", "The " + word + " formula is kept in vault seven.",
                Map.of("team", "research"));

        List<String> acmeSources = sources(as(acme, "alice"), ask("Where is the " + word + " formula kept?", null));
        assertThat(acmeSources).contains("Acme secrets");

        String question = ask("Where is the " + word + " formula kept?", null);
        assertThat(sources(as(globex, "bob"), question)).doesNotContain("Acme secrets");
        String filtered = ask("Where is the " + word + " formula kept?", Map.of("team", "research"));
        assertThat(sources(as(globex, "bob"), filtered)).isEmpty();

        ingest(as(globex, "bob"), "Globex notes", "The " + word + " formula of Globex is on the whiteboard.",
                Map.of("team", "research"));
        assertThat(sources(as(globex, "bob"), filtered)).containsExactly("Globex notes");
    }

    /**
     * Tenant B owns a small share of the chunks (300 among 3,300), and every one of A's is closer to the
     * question than any of B's. The planner walks the HNSW index for this (a scan of it yields only
     * ef_search candidates, all A's); the iterative scan must keep going until B's best are found, in the
     * vector mode and on the vector side of the hybrid statement. (With far fewer chunks PostgreSQL scans B's
     * rows exactly, which is right too.) Each tenant's chunks are spread over three documents, as one source
     * per document is the default.
     */
    @Test
    void aTenantWithFewChunksAmongManyStillGetsItsBestOnes() {
        Random random = new Random(42);
        double[] query = new double[DIMENSION];
        Arrays.setAll(query, i -> random.nextDouble() * 2 - 1);
        List<UUID> crowd = List.of(document(acme, "Crowd 1"), document(acme, "Crowd 2"), document(acme, "Crowd 3"));
        List<UUID> few = List.of(document(globex, "Few 1"), document(globex, "Few 2"), document(globex, "Few 3"));
        try {
            crowd.forEach(document -> insertChunks(document, acme, query, 0.5, 1000));
            few.forEach(document -> insertChunks(document, globex, query, 2.0, 100));
            pool.query("ANALYZE chunk").execute().await().atMost(Duration.ofSeconds(60));
            float[] vector = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] = (float) query[i];
            }

            for (Mode mode : List.of(Mode.vector, Mode.hybrid)) {
                List<RetrievedChunk> found = retrieval.search(mode, globex, "", vector, 3, null)
                        .await().atMost(Duration.ofSeconds(30)).sources();

                assertThat(found).as(mode.name()).hasSize(3).allMatch(chunk -> few.contains(chunk.documentId()));
                assertThat(found.get(0).chunkId()).as(mode.name()).isEqualTo(exactBest(few, vector));
                assertThat(retrieval.search(mode, acme, "", vector, 3, null).await().atMost(Duration.ofSeconds(30)).sources())
                        .as(mode.name()).hasSize(3).allMatch(chunk -> crowd.contains(chunk.documentId()));
            }
        } finally {
            List<UUID> all = new ArrayList<>(crowd);
            all.addAll(few);
            pool.preparedQuery("DELETE FROM document WHERE id = ANY($1)").execute(Tuple.of(all.toArray(UUID[]::new)))
                    .await().atMost(Duration.ofSeconds(30));
        }
    }

    @Test
    void documentsAreListedReadAndDeletedWithinTheirTenantOnly() {
        String source = "handbook/" + UUID.randomUUID() + ".md";
        String acmeDocument = given().spec(as(acme, "alice")).contentType(ContentType.JSON)
                .body(Map.of("title", "Acme handbook", "source", source, "content", "Acme staff may work from home."))
                .post("/api/documents").then().statusCode(201).extract().path("id");
        // The same source in another tenant is another document, not a replacement.
        String globexDocument = given().spec(as(globex, "bob")).contentType(ContentType.JSON)
                .body(Map.of("title", "Globex handbook", "source", source, "content", "Globex staff work on site."))
                .post("/api/documents").then().statusCode(201).extract().path("id");

        given().spec(as(globex, "bob")).get("/api/documents").then().statusCode(200)
                .body("id", hasItem(globexDocument)).body("id", not(hasItem(acmeDocument)));
        given().spec(as(globex, "bob")).get("/api/documents/" + acmeDocument).then().statusCode(404)
                .contentType("application/problem+json");
        given().spec(as(globex, "bob")).get("/api/documents/" + acmeDocument + "/content").then().statusCode(404);
        given().spec(as(globex, "bob")).delete("/api/documents/" + acmeDocument).then().statusCode(404);

        given().spec(as(acme, "carol")).get("/api/documents/" + acmeDocument).then().statusCode(200)
                .body("title", equalTo("Acme handbook"));
        given().spec(as(acme, "carol")).get("/api/documents/" + acmeDocument + "/content").then().statusCode(200)
                .body(equalTo("Acme staff may work from home."));
        given().spec(as(acme, "carol")).delete("/api/documents/" + acmeDocument).then().statusCode(204);
        given().spec(as(globex, "bob")).get("/api/documents/" + globexDocument).then().statusCode(200);
    }

    @Test
    void anotherUsersConversationIsNotFoundEverywhere() {
        ingest(as(acme, "alice"), "Leave policy", "Staff get twenty-five days of paid leave a year.", Map.of());
        String conversation = given().spec(as(acme, "alice")).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(ask("How many days of leave do staff get?", null))
                .post("/api/chat").then().statusCode(200).extract().path("conversationId");
        given().spec(as(acme, "alice")).get("/api/conversations").then().statusCode(200).body("id", hasItem(conversation));

        for (RequestSpecification stranger : List.of(as(acme, "mallory"), as(globex, "alice"))) {
            given().spec(stranger).get("/api/conversations/" + conversation).then().statusCode(404)
                    .contentType("application/problem+json").body("detail", equalTo("No conversation " + conversation));
            given().spec(stranger).get("/api/conversations/" + conversation + "/messages").then().statusCode(404);
            given().spec(stranger).get("/api/conversations").then().statusCode(200).body("id", not(hasItem(conversation)));
            given().spec(stranger).contentType(ContentType.JSON).accept(ContentType.JSON)
                    .body(Map.of("message", "And sick leave?", "conversationId", conversation))
                    .post("/api/chat").then().statusCode(404).contentType("application/problem+json");
            given().spec(stranger).contentType(ContentType.JSON).accept("text/event-stream")
                    .body(Map.of("message", "And sick leave?", "conversationId", conversation))
                    .post("/api/chat").then().statusCode(404);
            given().spec(stranger).contentType(ContentType.JSON)
                    .body(Map.of("model", "ragchat", "messages", List.of(Map.of("role", "user", "content", "And sick leave?")),
                            "ragchat", Map.of("conversationId", conversation)))
                    .post("/v1/chat/completions").then().statusCode(404).body("error.code", equalTo("not_found"));
        }

        // The owner still has it, and can go on with it, whether or not its turns are committed yet.
        given().spec(as(acme, "alice")).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "And sick leave?", "conversationId", conversation))
                .post("/api/chat").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().spec(as(acme, "alice"))
                .get("/api/conversations/" + conversation + "/messages").then().statusCode(200)
                .body("size()", equalTo(4)));
    }

    private static RequestSpecification as(String tenant, String user) {
        return given().auth().oauth2(TestTokens.of(tenant, user));
    }

    private static void ingest(RequestSpecification caller, String title, String content, Map<String, Object> metadata) {
        given().spec(caller).contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "metadata", metadata))
                .post("/api/documents").then().statusCode(201);
    }

    private static String ask(String question, Map<String, Object> filter) {
        JsonObject body = new JsonObject().put("message", question).put("topK", 5);
        return (filter == null ? body : body.put("filter", filter)).encode();
    }

    /** The titles of the sources of the answer to this question. */
    private static List<String> sources(RequestSpecification caller, String body) {
        JsonPath answer = given().spec(caller).contentType(ContentType.JSON).accept(ContentType.JSON).body(body)
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
        return answer.getList("sources.title", String.class);
    }

    /** The chunk of the documents nearest the vector, by an exact scan ({@code + 0} keeps the index out of it). */
    private long exactBest(List<UUID> documents, float[] vector) {
        return pool.preparedQuery("SELECT id FROM chunk WHERE document_id = ANY($1) ORDER BY (embedding <=> $2::vector) + 0"
                + " LIMIT 1")
                .execute(Tuple.of(documents.toArray(UUID[]::new), new PGvector(vector).toString()))
                .map(rows -> rows.iterator().next().getLong("id")).await().atMost(Duration.ofSeconds(30));
    }

    private UUID document(String tenant, String title) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO document (id, title, content_type, content, content_hash, chunk_count,"
                + " embedding_model, tenant) VALUES ($1, $2, 'text/plain', $2, $3, 0, 'test', $4)")
                .execute(Tuple.of(id, title, id.toString(), tenant)).await().atMost(Duration.ofSeconds(10));
        return id;
    }

    /** {@code count} chunks near the query: each component moved by up to ±noise/2. */
    private void insertChunks(UUID document, String tenant, double[] query, double noise, int count) {
        Double[] center = Arrays.stream(query).boxed().toArray(Double[]::new);
        pool.preparedQuery("INSERT INTO chunk (document_id, ordinal, content, token_count, embedding, tenant, title)"
                + " SELECT $1, g, 'chunk ' || g, 2, (SELECT array_agg(v + (random() - 0.5) * $3 ORDER BY i)"
                + " FROM unnest($2::float8[]) WITH ORDINALITY AS u(v, i) WHERE g > 0)::vector, $4, ''"
                + " FROM generate_series(1, $5) g")
                .execute(Tuple.of(document, center, noise, tenant, count)).await().atMost(Duration.ofSeconds(120));
    }
}
