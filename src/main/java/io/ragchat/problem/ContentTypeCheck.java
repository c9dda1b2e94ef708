package io.ragchat.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A Content-Type that is not a media type at all ({@code garbage}, {@code application/}) is refused with
 * 415 before a resource method is chosen: choosing among several methods by their {@code @Consumes} would
 * otherwise fail parsing it, as an internal error.
 */
public class ContentTypeCheck {

    @ServerRequestFilter(preMatching = true)
    public void refuseUnparsableContentType(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return;
        }
        try {
            MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "The Content-Type header is not a media type (type/subtype, e.g. application/json).");
        }
    }
}
