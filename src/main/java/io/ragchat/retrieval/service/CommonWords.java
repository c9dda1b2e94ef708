package io.ragchat.retrieval.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.ragchat.document.service.ChunkStatistics;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The words the keyword side of a search leaves out: those PostgreSQL's statistics of the chunk table's full-text
 * column find in more than {@code ragchat.retrieval.common-word-share} of the chunks, quoted as a question's
 * {@code tsquery} text quotes its terms. Read from {@code pg_stats} by the first search and kept: reading them
 * inside every search cost it 0.84 ms of its 4.7 ms in PostgreSQL, in its execution and its planning
 * (docs/benchmarks.md, "Per answer"). They change only with an ANALYZE: read again at once after this service's own
 * ({@link ChunkStatistics}), and in the background by the first search that finds them older than
 * {@link #REREAD_AFTER}, for another replica's or autovacuum's.
 */
@ApplicationScoped
class CommonWords {

    static final Duration REREAD_AFTER = Duration.ofSeconds(30);

    // The frequencies array is longer than the words' (after theirs come the least and greatest of them and the
    // share of nulls): unnested beside no word, those are skipped.
    private static final String SQL = "SELECT coalesce(array_agg(quote_literal(word)), '{}') FROM pg_stats,"
            + " unnest(most_common_elems::text::text[], most_common_elem_freqs) AS s(word, share)"
            + " WHERE schemaname = current_schema() AND tablename = 'chunk' AND attname = 'search'"
            + " AND word IS NOT NULL AND share > $1";

    /** The words as last read, and when they were read or a new reading was started. */
    private record Reading(List<String> words, long atNanos) {
    }

    private final Pool pool;
    private final double share;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    CommonWords(Pool pool, RetrievalConfig config) {
        this.pool = pool;
        this.share = config.commonWordShare();
    }

    /** The common words; only the service's first search waits for them to be read. */
    Uni<List<String>> current() {
        Reading reading = last.get();
        if (reading == null) {
            return read();
        }
        long now = System.nanoTime();
        // The search that swaps in the new time starts the one new reading; the others go on with the words.
        if (now - reading.atNanos() > REREAD_AFTER.toNanos()
                && last.compareAndSet(reading, new Reading(reading.words(), now))) {
            reread();
        }
        return Uni.createFrom().item(reading.words());
    }

    void statisticsRefreshed(@Observes ChunkStatistics.Refreshed refreshed) {
        reread();
    }

    private void reread() {
        // On a failure the words as they were stay in use, and a search tries again REREAD_AFTER later.
        read().subscribe().with(words -> {
        }, failure -> Log.debugf("Could not read the chunk table's common words: %s", failure.getMessage()));
    }

    private Uni<List<String>> read() {
        return pool.preparedQuery(SQL).execute(Tuple.of(share)).map(rows -> {
            List<String> words = List.of(rows.iterator().next().getArrayOfStrings(0));
            last.set(new Reading(words, System.nanoTime()));
            return words;
        });
    }
}
