package io.ragchat.document.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps PostgreSQL's statistics of the chunk table current as documents are stored. The keyword side of a
 * search reads them to leave out the words too common to rank on, and the planner plans every search with
 * them. Without them, on the CMake documentation, the right page was among the first five sources for 0.846
 * of the tune half's questions instead of 0.897, and a hybrid search took 172 ms instead of 67 (docs/quality.md,
 * "Statistics"). PostgreSQL's autovacuum refreshes them on its own schedule when it is on: a minute or more
 * after a bulk load, and never where it is off. So once the chunks this service wrote or deleted since its
 * last ANALYZE pass autovacuum's own default threshold (50 rows and a tenth of the table), it runs ANALYZE
 * on the chunk table itself, in the background, one at a time; a run waits a second first, so that the
 * documents of a bulk load that arrive meanwhile are counted by it, not by a run of their own. Each run that
 * completes is announced ({@link Refreshed}), so that what is read from the statistics is read again.
 */
@ApplicationScoped
public class ChunkStatistics {

    private static final long BASE_THRESHOLD = 50;
    private static final double TABLE_SHARE = 0.1;
    private static final Duration GATHER = Duration.ofSeconds(1);

    /** An ANALYZE of the chunk table completed: its statistics are new. */
    public record Refreshed() {
    }

    private final Pool pool;
    private final Event<Refreshed> refreshed;
    private final AtomicLong changed = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The table's rows as the last ANALYZE this service ran counted them. */
    private volatile long rows;

    ChunkStatistics(Pool pool, Event<Refreshed> refreshed) {
        this.pool = pool;
        this.refreshed = refreshed;
    }

    /** Chunks were inserted or deleted (and committed). */
    void changed(long chunks) {
        if (changed.addAndGet(chunks) >= BASE_THRESHOLD + TABLE_SHARE * rows && scheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(GATHER)
                    .chain(this::analyze)
                    .subscribe().with(ignored -> {
                        scheduled.set(false);
                        refreshed.fire(new Refreshed());
                        changed(0); // the changes made while it ran may have passed the next threshold already
                    }, failure -> {
                        scheduled.set(false);
                        Log.warnf("Could not refresh the chunk table's statistics (tried again after the next"
                                + " document): %s", failure.getMessage());
                    });
        }
    }

    private Uni<Void> analyze() {
        long counted = changed.getAndSet(0);
        return pool.query("ANALYZE chunk").execute()
                .chain(() -> pool.query("SELECT reltuples::bigint FROM pg_class WHERE oid = 'chunk'::regclass").execute())
                .invoke(result -> rows = Math.max(0, result.iterator().next().getLong(0)))
                .onFailure().invoke(() -> changed.addAndGet(counted))
                .replaceWithVoid();
    }
}
