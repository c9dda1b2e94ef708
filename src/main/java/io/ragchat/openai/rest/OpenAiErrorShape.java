package io.ragchat.openai.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.ragchat.problem.Problem;

/**
 * Everything under {@code /v1} answers errors in OpenAI's shape, also those raised before a method of
 * {@link OpenAiResource} is chosen (an unknown path, a method or media type it does not take), which the
 * service-wide mappers write as problems.
 */
public class OpenAiErrorShape {

    @ServerResponseFilter
    public void reshape(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if ((path.equals("/v1") || path.startsWith("/v1/")) && response.getEntity() instanceof Problem problem) {
            response.setEntity(OpenAiException.of(problem).error(), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
