package io.ragchat.problem;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

/**
 * The one place where exceptions become responses: every error is RFC 9457 problem JSON with the right
 * status, and nothing internal (stack traces, SQL) reaches the caller.
 */
public class ProblemMappers {

    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = builder(e.toProblem(), uri);
        if (e.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        return respond(Problem.invalid(e.getConstraintViolations()), uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Bad Request", "The request body is not valid JSON for this endpoint: "
                + UnreadableJson.describe(e)), uri);
    }

    /** Named on its own: Quarkus maps this subtype itself (to an empty 400), and the closest mapper wins. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            Log.errorf(e, "Request to %s failed", uri.getPath());
        }
        String detail = e.getCause() instanceof JsonProcessingException json
                ? "The request body is not valid JSON for this endpoint: " + UnreadableJson.describe(json)
                : e.getMessage();
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail), uri);
    }

    /**
     * JAX-RS answers a query or path value it cannot convert ({@code ?limit=abc}, {@code /documents/x}) with 404.
     * A query value of the wrong type is the caller's mistake about that parameter: 400 naming it. A path id
     * that cannot be one stays 404, as for any id no resource has.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, ResourceInfo resource) {
        return UnconvertibleQuery.find(resource, uri)
                .map(violation -> respond(new Problem("about:blank", "Bad Request", 400,
                        violation.field() + ": " + violation.message(), null, List.of(violation)), uri))
                .orElseGet(() -> web(e, uri));
    }

    /**
     * A multipart body that ends before its closing boundary (or holds none) fails in Quarkus REST's form parser
     * with a bare IOException, before any resource runs: the caller's malformed body, so 400. Any other
     * IOException stays unexpected.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        if (Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith(MULTIPART_PARSER))) {
            return respond(Problem.of(400, "Bad Request", "The multipart body could not be read: " + e.getMessage()), uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", uri.getPath());
        return respond(Problem.of(500, "Internal Server Error", "The request could not be completed."), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return builder(problem, uri).build();
    }

    private static Response.ResponseBuilder builder(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()));
    }
}
