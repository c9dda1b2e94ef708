package io.ragchat.database;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import io.netty.channel.ConnectTimeoutException;
import io.ragchat.problem.ProblemException;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * PostgreSQL cannot be reached (refused, closed, or silent past its timeout): the request is answered 503,
 * which clients and load balancers retry, rather than 500. The cause is logged, never sent: it may name
 * hosts or SQL. Failures are classified where a database call returns (the classification looks at
 * connection errors, which a model or Redis call could raise too).
 */
public class DatabaseUnavailableException extends ProblemException {

    public DatabaseUnavailableException(Throwable cause) {
        super(503, "Service Unavailable", "The database is not reachable; try again shortly.");
        initCause(cause);
    }

    /**
     * Whether a failure means the database could not be reached, as opposed to a statement it refused (a
     * constraint, bad SQL), which a retry would not cure.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException
                    || t instanceof ConnectException
                    || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException
                    || t instanceof ConnectTimeoutException
                    || t instanceof VertxException vertx && isConnectionLoss(vertx.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Vert.x reports a closed connection and a pool that waited too long for one with plain messages. */
    private static boolean isConnectionLoss(String message) {
        return message != null && (message.contains("closed") || message.contains("Timeout waiting for connection"));
    }

    /** The failure as a 503 when the database could not be reached; otherwise the failure itself. */
    public static Throwable classify(Throwable failure) {
        return failure instanceof DatabaseUnavailableException || !isCause(failure)
                ? failure
                : new DatabaseUnavailableException(failure);
    }
}
