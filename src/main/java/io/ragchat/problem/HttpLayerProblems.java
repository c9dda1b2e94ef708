package io.ragchat.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems for the requests the HTTP layer refuses before any resource sees them: a body over
 * {@code quarkus.http.limits.max-body-size} (413, checked here by its Content-Length just before Quarkus's
 * own check would end the response without a body), and what the router refuses (400: no Host header, a
 * path it cannot decode). A request-target that is not a URI at all ({@code /a%zz}) is refused by the HTTP
 * server before the router, with a bare 400 that no application code can change.
 */
@ApplicationScoped
class HttpLayerProblems {

    private final ObjectMapper json;
    private final Optional<MemorySize> maxBodySize;

    HttpLayerProblems(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        // Quarkus's own size check is a route of order -2 that ends the response without a body.
        router.route().order(-3).handler(this::refuseOversizedBody);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answerFailure);
    }

    private void refuseOversizedBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && maxBodySize.isPresent() && isOver(length, maxBodySize.get().asLongValue())) {
            context.response().putHeader("Connection", "close");
            answer(context, 413);
            return;
        }
        context.next();
    }

    /** A failure the router gave a client-error status (a malformed URL): anything else is Quarkus's to answer. */
    private void answerFailure(RoutingContext context) {
        int status = context.statusCode();
        if (context.response().headWritten() || status < 400 || status >= 500) {
            context.next();
            return;
        }
        answer(context, status);
    }

    private static boolean isOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec has refused it already
        }
    }

    private void answer(RoutingContext context, int status) {
        // RFC 9110's name for 413, as the service's own size problems use
        String title = status == 413 ? "Content Too Large" : HttpResponseStatus.valueOf(status).reasonPhrase();
        Problem problem = Problem.of(status, title, detail(status))
                .withInstance(context.request().path());
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(Buffer.buffer(json.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem could not be written as JSON", e);
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: its URL or headers are malformed.";
            case 413 -> "The request body is larger than the service accepts.";
            case 431 -> "The request headers are larger than the service accepts.";
            default -> "The request was refused.";
        };
    }
}
