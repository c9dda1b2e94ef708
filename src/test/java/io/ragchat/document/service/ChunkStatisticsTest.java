package io.ragchat.document.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The chunk table's statistics, which the keyword search reads, are refreshed by the service itself once enough
 * chunks were stored: {@code last_analyze} moves only for an explicit ANALYZE (autovacuum's runs are
 * {@code last_autoanalyze}), and the machines that run these tests have autovacuum off, as some deployments do.
 * Each run is announced, so that what is read from the statistics (the keyword side's common words) is read again.
 */
@QuarkusTest
class ChunkStatisticsTest {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    Announcements announcements;

    /** Counts the announcements of a refresh. */
    @ApplicationScoped
    static class Announcements {
        private final AtomicInteger received = new AtomicInteger();

        void refreshed(@Observes ChunkStatistics.Refreshed refreshed) {
            received.incrementAndGet();
        }

        int received() {
            return received.get();
        }
    }

    @Test
    void storingEnoughChunksRefreshesTheStatisticsTheKeywordSearchReads() {
        OffsetDateTime before = lastAnalyze();
        int announced = announcements.received();
        // autovacuum's default threshold over the table as it is now (or as its last count had it, if larger)
        long needed = 50 + (long) Math.ceil(0.1 * Math.max(one("SELECT count(*) FROM chunk").getLong(0),
                one("SELECT reltuples::bigint FROM pg_class WHERE oid = 'chunk'::regclass").getLong(0))) + 1;

        SplittableRandom random = new SplittableRandom(needed);
        long written = 0;
        while (written < needed) {
            written += given().contentType(ContentType.JSON)
                    .body(Map.of("title", "Glossary " + UUID.randomUUID(), "content", madeUpParagraphs(random, 12)))
                    .post("/api/documents")
                    .then().statusCode(201).extract().<Integer> path("chunks");
        }

        Awaitility.await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200))
                .until(() -> lastAnalyze() != null && (before == null || lastAnalyze().isAfter(before)));
        assertThat(one("SELECT count(*) FROM pg_stats WHERE tablename = 'chunk' AND attname = 'search'"
                + " AND most_common_elems IS NOT NULL").getLong(0)).isEqualTo(1);
        Awaitility.await().atMost(AT_MOST).untilAsserted(() -> assertThat(announcements.received())
                .as("refreshes announced").isGreaterThan(announced));
    }

    private OffsetDateTime lastAnalyze() {
        return one("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'chunk'").getOffsetDateTime(0);
    }

    private Row one(String sql) {
        return pool.query(sql).execute().await().atMost(AT_MOST).iterator().next();
    }

    /** Paragraphs of made-up words, about a chunk each. */
    private static String madeUpParagraphs(SplittableRandom random, int count) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < count; p++) {
            text.append("## Entry ").append(p).append("\n\n");
            for (int w = 0; w < 150; w++) {
                for (int c = random.nextInt(4, 9); c > 0; c--) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                text.append(w % 15 == 14 ? ". " : " ");
            }
            text.append("\n\n");
        }
        return text.toString();
    }
}
