package io.ragchat.database;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Tells before an answer starts whether PostgreSQL can be reached, so a question is refused with a 503
 * status while one still can be sent, rather than failing inside a stream that already answered 200.
 * Free while the pool holds connections (a closed connection leaves the pool at once); with none, one is
 * opened, which the retrieval then reuses.
 */
@ApplicationScoped
public class DatabaseAvailability {

    private final Pool pool;
    private final DatabaseConfig config;

    DatabaseAvailability(Pool pool, DatabaseConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Completes when a connection is open; fails with {@link DatabaseUnavailableException} otherwise. */
    public Uni<Void> check() {
        if (pool.size() > 0) {
            return Uni.createFrom().voidItem();
        }
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
