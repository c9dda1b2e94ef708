package io.ragchat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.ragchat.problem.OpenAiError;
import io.ragchat.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Authentication failures happen before any resource runs, so the REST exception mappers never see them;
 * Quarkus would answer an empty 401. This failure handler answers them as the rest of the API answers
 * errors: a problem document, or OpenAI's error shape under {@code /v1}, always with
 * {@code WWW-Authenticate: Bearer}. The detail never says which check failed, so it tells an attacker nothing.
 */
@ApplicationScoped
public class AuthFailureResponses {

    static final String NO_CREDENTIALS = "This endpoint needs a bearer token (Authorization: Bearer <token>) or an API key"
            + " (X-API-Key).";
    static final String REFUSED = "The bearer token or API key was not accepted: it is unknown, expired, not signed by"
            + " the configured key, from another issuer, or names no tenant.";

    private final ObjectMapper json;

    AuthFailureResponses(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (!(failure instanceof AuthenticationFailedException || failure instanceof AuthenticationCompletionException)
                || context.response().ended()) {
            context.next();
            return;
        }
        boolean noCredentials = NO_CREDENTIALS.equals(failure.getMessage());
        String detail = noCredentials ? NO_CREDENTIALS : REFUSED;
        String path = context.normalizedPath();
        if (!noCredentials) {
            Log.debugf("Refused the credentials of a request to %s: %s", path,
                    failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
        }
        boolean openAi = path.equals("/v1") || path.startsWith("/v1/");
        Object body = openAi
                ? new OpenAiError(new OpenAiError.Body(detail, "invalid_request_error", null, "invalid_api_key"))
                : Problem.of(401, "Unauthorized", detail).withInstance(path);
        try {
            context.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer")
                    .putHeader(HttpHeaders.CONTENT_TYPE, openAi ? "application/json" : Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.next();
        }
    }
}
