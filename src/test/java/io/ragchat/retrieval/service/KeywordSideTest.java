package io.ragchat.retrieval.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pgvector.PGvector;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.document.service.ChunkStatistics;
import io.ragchat.retrieval.config.RetrievalConfig.Mode;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The keyword side of a search. It leaves out a word once the chunk table's statistics find it in more than
 * {@code common-word-share} of the chunks, and takes it back once they no longer do: the words are kept between
 * searches and read again when the service's own ANALYZE completes (the event {@link ChunkStatistics} fires).
 * It ranks chunks by the question's words they hold, then by {@code ts_rank_cd}, however many chunks match. The
 * chunks are written with SQL, their vectors all alike, since only the keyword side is asked.
 */
@QuarkusTest
class KeywordSideTest {

    private static final Duration AT_MOST = Duration.ofSeconds(30);
    /** Well within the time after which a search would read the words again on its own. */
    private static final Duration REREAD_WITHIN = CommonWords.REREAD_AFTER.dividedBy(3);
    private static final String COMMON = "zyxwvut";
    private static final String RARE = "qqrarewordq";
    private static final float[] VECTOR = new float[384];

    static {
        Arrays.fill(VECTOR, 0.05f);
    }

    @Inject
    RetrievalService retrieval;

    @Inject
    Pool pool;

    @Inject
    Event<ChunkStatistics.Refreshed> statisticsRefreshed;

    private final String tenant = "keyword-side-" + UUID.randomUUID();
    private final String fillerTenant = "keyword-side-filler-" + UUID.randomUUID();
    private final String backgroundTenant = "keyword-side-background-" + UUID.randomUUID();

    /**
     * Enough chunks holding none of the tests' words that those words stay rare (in less than a fifth of the
     * table) until a test makes one common, whatever ran before.
     */
    @BeforeEach
    void aTableOfOtherChunks() {
        long others = chunks();
        if (others < 500) {
            document(backgroundTenant, (int) (500 - others), "Nothing in this chunk is asked about.");
        }
    }

    @AfterEach
    void removeTheChunks() {
        pool.preparedQuery("DELETE FROM document WHERE tenant IN ($1, $2, $3)").execute(Tuple.of(tenant, fillerTenant,
                backgroundTenant)).await().atMost(AT_MOST);
        analyze();
    }

    @Test
    void aWordInMostChunksIsLeftOutOfTheKeywordSideOnceTheTableIsAnalyzed() {
        UUID common = document(tenant, 1, "The " + COMMON + " is polished by hand.");
        UUID rare = document(tenant, 1, "The " + RARE + " is polished by machine.");
        String question = "Which " + COMMON + ", which " + RARE + "?";
        analyze();
        assertThat(keywordSide(question)).as("%s in two chunks of many", COMMON).containsExactlyInAnyOrder(common, rare);

        // Enough chunks holding the word that it is in more than half of the table.
        document(fillerTenant, (int) chunks() + 10, "Every " + COMMON + " of the filler says the same thing.");
        analyze();
        Awaitility.await().atMost(REREAD_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(keywordSide(question)).as("%s in most chunks", COMMON).containsExactly(rare));

        pool.preparedQuery("DELETE FROM document WHERE tenant = $1").execute(Tuple.of(fillerTenant)).await().atMost(AT_MOST);
        analyze();
        Awaitility.await().atMost(REREAD_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(keywordSide(question)).as("%s in two chunks again", COMMON)
                        .containsExactlyInAnyOrder(common, rare));
    }

    @Test
    void theBestRankedChunkComesFirstAmongMoreMatchesThanCandidates() {
        // More chunks holding the rare word once than the keyword side keeps (ragchat.retrieval.candidates, 40),
        // one holding it in its title as well (ranked higher by ts_rank_cd), one holding both words.
        document(tenant, 60, "The " + RARE + " is polished by hand.");
        UUID titled = titled(RARE + " polishing", "The " + RARE + " is polished by machine.");
        UUID both = document(tenant, 1, "The " + RARE + " and the " + COMMON + " are polished together.");
        analyze();

        List<UUID> found = keywordSide("Which " + COMMON + ", which " + RARE + "?");

        assertThat(found).as("both words first, then the rare word in a title, then the rest").startsWith(both, titled);
    }

    private List<UUID> keywordSide(String question) {
        return retrieval.search(Mode.keyword, tenant, question, VECTOR, 10, null).await().atMost(AT_MOST).sources().stream()
                .map(RetrievedChunk::documentId).toList();
    }

    private long chunks() {
        return pool.query("SELECT count(*) FROM chunk").execute().await().atMost(AT_MOST).iterator().next().getLong(0);
    }

    /** As the service's own ANALYZE does it: the table's statistics refreshed, then announced. */
    private void analyze() {
        pool.query("ANALYZE chunk").execute().await().atMost(AT_MOST);
        statisticsRefreshed.fire(new ChunkStatistics.Refreshed());
    }

    /** A document of the tenant with {@code chunks} chunks, each of the given text. */
    private UUID document(String owner, int chunks, String text) {
        return document(owner, chunks, "Polishing", text);
    }

    private UUID titled(String title, String text) {
        return document(tenant, 1, title, text);
    }

    private UUID document(String owner, int chunks, String title, String text) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO document (id, title, content_type, content, content_hash, chunk_count,"
                + " embedding_model, tenant) VALUES ($1, $2, 'text/plain', $3, $4, $5, 'test', $6)")
                .execute(Tuple.of(id, title, text, id.toString(), chunks, owner)).await().atMost(AT_MOST);
        pool.preparedQuery("INSERT INTO chunk (document_id, ordinal, content, token_count, embedding, tenant, title)"
                + " SELECT $1, n, $2, 10, $3::vector, $4, $5 FROM generate_series(1, $6) AS n")
                .execute(Tuple.of(id, text, new PGvector(VECTOR).toString(), owner, title, chunks))
                .await().atMost(AT_MOST);
        return id;
    }
}
