package io.ragchat.database;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Tells before an answer starts whether PostgreSQL can be reached, so a question is refused with a 503
 * status while one still can be sent, rather than failing inside a stream that already answered 200. It
 * takes a connection from the pool and gives it back: nothing is sent to the database while the pool holds
 * an idle one; with none, one is opened, which the retrieval then reuses. A pool that cannot give one
 * within {@code ragchat.database.connect-timeout} (refused, or a server that accepts and never answers)
 * counts as unreachable.
 */
@ApplicationScoped
public class DatabaseAvailability {

    private final Pool pool;
    private final DatabaseConfig config;

    DatabaseAvailability(Pool pool, DatabaseConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Completes when a connection could be had; fails with {@link DatabaseUnavailableException} otherwise. */
    public Uni<Void> check() {
        // The connection goes back to the pool whenever it arrives, even after the wait was given up.
        return Uni.createFrom().<Void> emitter(emitter -> pool.getDelegate().getConnection().onComplete(opened -> {
            if (opened.succeeded()) {
                opened.result().close();
                emitter.complete(null);
            } else {
                emitter.fail(opened.cause());
            }
        }))
                .ifNoItem().after(config.connectTimeout()).fail()
                .onFailure().transform(DatabaseUnavailableException::new);
    }
}
