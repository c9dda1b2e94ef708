package io.ragchat.http;

import java.lang.reflect.Method;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts a request as done for the graceful shutdown once its HTTP/1.x connection has closed, whatever closed
 * it. Without this, a stream whose client left can hold the shutdown for all of {@code quarkus.shutdown.timeout}:
 * when a write to the gone client fails, Quarkus REST resets the response (PublisherResponseHandler: a
 * failure after the head was written ends in {@code response.reset()}); on HTTP/1.x Vert.x 4.5's reset closes
 * the connection and marks the response closed at once ({@code Http1xServerResponse.close()}), so when the
 * connection then really closes, {@code handleClosed()} returns early and calls none of the response's
 * close, exception or end handlers. Those are how Quarkus learns that a request is over
 * ({@code QuarkusRequestWrapper.done()}), so the shutdown filter's count of requests in flight never comes
 * back to zero. The connection's own close handler is still called: this one marks the request done from
 * there. Marking a request done twice is harmless (it happens once), so a request that ended normally is
 * unaffected.
 */
@ApplicationScoped
@RegisterForReflection(targets = QuarkusRequestWrapper.class, fields = false)
class ClosedConnectionRequests {

    private static final Logger LOG = Logger.getLogger(ClosedConnectionRequests.class);

    private final Method done = doneMethod();

    void install(@Observes Router router) {
        if (done != null) {
            // Before every other route, so that each request is watched from its start.
            router.route().order(Integer.MIN_VALUE).handler(this::watch);
        }
    }

    private void watch(RoutingContext context) {
        if (context.request().version() != HttpVersion.HTTP_2) {
            QuarkusRequestWrapper request = QuarkusRequestWrapper.get(context.request());
            // One request at a time owns an HTTP/1.x connection: the newest one replaces the handler of the last.
            context.request().connection().closeHandler(closed -> markDone(request));
        }
        context.next();
    }

    private void markDone(QuarkusRequestWrapper request) {
        try {
            done.invoke(request);
        } catch (ReflectiveOperationException e) {
            LOG.warnf(e, "A request whose connection closed could not be marked done; the shutdown may wait for it");
        }
    }

    /** Quarkus's own end of a request (package-private in Quarkus 3.33), or null if this Quarkus has none. */
    private static Method doneMethod() {
        try {
            Method method = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("QuarkusRequestWrapper.done() not found (%s): a stream whose client left may hold the graceful "
                    + "shutdown until quarkus.shutdown.timeout", e);
            return null;
        }
    }
}
