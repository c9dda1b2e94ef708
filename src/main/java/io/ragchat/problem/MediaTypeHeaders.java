package io.ragchat.problem;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Content-Type and Accept headers that name no media type, settled before a resource method is chosen:
 * <ul>
 *   <li>a Content-Type that is not a media type ({@code garbage}, {@code application/}) is refused with 415;
 *   choosing among several methods by their {@code @Consumes} would otherwise fail parsing it, as an
 *   internal error;</li>
 *   <li>Accept keeps only its well-formed media ranges (&#42;/json is none: a wildcard type takes a
 *   wildcard subtype), and with none left the request is refused with 406 at once. Otherwise such a range
 *   matched the JSON answer, which was generated and stored, and only then refused with 406 for want of a
 *   media type to write it as.</li>
 * </ul>
 */
public class MediaTypeHeaders {

    @ServerRequestFilter(preMatching = true)
    public void settle(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            try {
                MediaType.valueOf(contentType);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(415, "Unsupported Media Type",
                        "The Content-Type header is not a media type (type/subtype, e.g. application/json).");
            }
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null) {
            List<String> ranges = Arrays.stream(accept.split(",")).map(String::strip).filter(MediaTypeHeaders::isMediaRange)
                    .toList();
            if (ranges.isEmpty()) {
                throw new ProblemException(406, "Not Acceptable", "The Accept header names no media type.");
            }
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, String.join(", ", ranges));
        }
    }

    private static boolean isMediaRange(String range) {
        try {
            MediaType type = MediaType.valueOf(range);
            return !type.isWildcardType() || type.isWildcardSubtype();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
