package io.ragchat.retrieval;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pgvector.PGvector;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.ragchat.retrieval.config.RetrievalConfig.Mode;
import io.ragchat.retrieval.service.RetrievalService;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.ragchat.security.AuthProfile;
import io.ragchat.security.TestTokens;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The search modes over documents ingested through the API and embedded by the real model: a made-up code
 * the embedding blurs is found by its words, another tenant's chunks never come back by either side, and
 * one document with many similar chunks does not crowd out the other. Runs with authentication on (the
 * profile {@code TenantIsolationTest} uses), so each test owns a tenant of its own.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class HybridRetrievalTest {

    @Inject
    RetrievalService retrieval;

    @Inject
    EmbeddingService embeddings;

    @Inject
    Pool pool;

    @Inject
    RetrievalConfig config;

    private final String tenant = "retrieval-" + UUID.randomUUID();

    @Test
    void aMadeUpErrorCodeIsFoundByItsWordsWhereTheVectorSearchMissesIt() {
        UUID coded = ingest(tenant, "Archive maintenance", "Old archives are compacted every night between two and four"
                + " o'clock, oldest first, so that the storage they free is ready for the morning backups. Compaction"
                + " reads each archive, drops the records superseded since, and writes a new archive beside the old one;"
                + " the old one is removed once the new one is verified. A compaction left unfinished by ZQX-4471 keeps"
                + " its lock file; remove it before the next night. Archives younger than a week are never compacted.");
        // Close to the question in meaning, none with its words: a failure code, what it signifies.
        ingest(tenant, "Failure codes", "When the importer stops, it prints a failure code that tells what went"
                + " wrong, and what that code signifies.");
        ingest(tenant, "Import failures", "An import that fails prints a failure code; the code identifies the"
                + " cause of the failure.");
        ingest(tenant, "Code reference", "Every failure code of the importer, what each one signifies, and what to"
                + " do about it.");
        ingest(tenant, "Retrying after a failure", "An import stopped by a failure code can be retried; it resumes"
                + " where the failure stopped it.");
        String question = "What does error ZQX-4471 mean?";

        List<RetrievedChunk> byVector = search(Mode.vector, tenant, question, 3);
        List<RetrievedChunk> byKeyword = search(Mode.keyword, tenant, question, 3);
        List<RetrievedChunk> hybrid = search(Mode.hybrid, tenant, question, 3);

        assertThat(byVector).isNotEmpty();
        assertThat(byVector.get(0).documentId()).as("the vector search's first source of %s",
                byVector.stream().map(RetrievedChunk::title).toList()).isNotEqualTo(coded);
        assertThat(byKeyword).extracting(RetrievedChunk::documentId).containsExactly(coded);
        assertThat(hybrid).extracting(RetrievedChunk::documentId).as("hybrid, of %s",
                hybrid.stream().map(RetrievedChunk::title).toList()).startsWith(coded);
    }

    @Test
    void anotherTenantsChunksNeverComeBackByEitherSide() {
        String other = "retrieval-other-" + UUID.randomUUID();
        UUID theirs = ingest(other, "Lock files", "A compaction that stops with ZQX-4471 left a stale lock behind.");
        UUID ours = ingest(tenant, "Compaction", "Compaction rewrites archives at night; a stale lock stops it.");
        String question = "What does ZQX-4471 mean for a compaction?";

        for (Mode mode : Mode.values()) {
            List<RetrievedChunk> found = search(mode, tenant, question, 10);
            assertThat(found).as(mode.name()).extracting(RetrievedChunk::documentId).doesNotContain(theirs);
            assertThat(search(mode, other, question, 10)).as(mode.name()).extracting(RetrievedChunk::documentId)
                    .doesNotContain(ours).contains(theirs);
        }
        assertThat(search(Mode.keyword, tenant, question, 10)).extracting(RetrievedChunk::documentId).containsExactly(ours);
    }

    @Test
    void oneDocumentWithManySimilarChunksDoesNotCrowdOutTheOther() {
        StringBuilder manual = new StringBuilder();
        for (int section = 1; section <= 8; section++) {
            manual.append("# Pruning the roses, part ").append(section).append("\n\n")
                    .append("When should you prune the roses? Prune the roses in late winter, cutting each cane just above an outward-facing bud so the")
                    .append(" rose bush stays open in the middle. Remove dead and crossing canes first.\n\n");
        }
        UUID long_ = ingest(tenant, "Rose manual", manual.toString());
        UUID short_ = ingest(tenant, "Garden calendar", "The garden in March: roses, before the buds swell.");
        String question = "When should I prune the roses?";
        assertThat(nearestDocuments(question, 2)).as("uncapped, the long document takes both places")
                .containsExactly(long_, long_);

        List<RetrievedChunk> capped = search(Mode.hybrid, tenant, question, 2);

        assertThat(capped).extracting(RetrievedChunk::documentId).containsExactlyInAnyOrder(long_, short_);
        assertThat(search(Mode.vector, tenant, question, 2)).extracting(RetrievedChunk::documentId)
                .containsExactlyInAnyOrder(long_, short_);
    }

    @Test
    void everyPooledConnectionSearchesWithTheConfiguredHnswSettings() {
        // A search is one statement on any pooled connection: the settings must be there before it, on each.
        List<Row> rows = Uni.join().all(IntStream.range(0, 4).mapToObj(i -> pool.query(
                "SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS scan,"
                        + " pg_sleep(0.05)").execute().map(set -> set.iterator().next())).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(rows).allSatisfy(row -> {
            assertThat(row.getString("ef")).isEqualTo(String.valueOf(config.efSearch()));
            assertThat(row.getString("scan")).isEqualTo("relaxed_order");
        });
    }

    private List<RetrievedChunk> search(Mode mode, String owner, String question, int topK) {
        float[] vector = embeddings.embedQuery(question, false).await().atMost(Duration.ofSeconds(30)).vector();
        return retrieval.search(mode, owner, question, vector, topK, null).await().atMost(Duration.ofSeconds(30)).sources();
    }

    /** The documents of the tenant's nearest chunks, by an exact scan with no cap. */
    private List<UUID> nearestDocuments(String question, int count) {
        float[] vector = embeddings.embedQuery(question, false).await().atMost(Duration.ofSeconds(30)).vector();
        return pool.preparedQuery("SELECT document_id FROM chunk WHERE tenant = $1 ORDER BY (embedding <=> $2::vector) + 0"
                + " LIMIT $3").execute(Tuple.of(tenant, new PGvector(vector).toString(), count))
                .map(rows -> {
                    List<UUID> documents = new ArrayList<>();
                    rows.forEach(row -> documents.add(row.getUUID(0)));
                    return documents;
                }).await().atMost(Duration.ofSeconds(30));
    }

    private static UUID ingest(String owner, String title, String content) {
        return UUID.fromString(given().auth().oauth2(TestTokens.of(owner, "writer")).contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "metadata", Map.of()))
                .post("/api/documents").then().statusCode(201).extract().path("id"));
    }
}
