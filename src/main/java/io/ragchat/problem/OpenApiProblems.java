package io.ragchat.problem;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the errors every operation of the API can give alike: 401 without a caller, 500 when something
 * unexpected failed, and for each error status its body: an RFC 9457 problem under {@code /api}, OpenAI's
 * error under {@code /v1}. Done once here, as the mappers that write those bodies are one for all paths;
 * the errors particular to an operation are declared on it.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiProblems implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String OPENAI_ERROR = "#/components/schemas/OpenAiError";
    private static final String JSON = "application/json";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> {
            boolean openAi = path.startsWith("/v1/");
            if (openAi || path.startsWith("/api/")) {
                item.getOperations().values().forEach(operation -> document(operation, openAi));
            }
        });
    }

    private static void document(Operation operation, boolean openAi) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (!operation.getResponses().hasAPIResponse("401")) {
            operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse()
                    .description("No valid bearer token or API key"));
        }
        if (!operation.getResponses().hasAPIResponse("500")) {
            operation.getResponses().addAPIResponse("500", OASFactory.createAPIResponse()
                    .description("An unexpected failure; the body says no more than that"));
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                withBody(response, openAi);
            }
        });
    }

    /** A response's error body, where the operation declared the status without one. */
    private static void withBody(APIResponse response, boolean openAi) {
        Content content = response.getContent();
        if (content != null && content.getMediaTypes() != null && !content.getMediaTypes().isEmpty()) {
            return;
        }
        response.content(OASFactory.createContent().addMediaType(openAi ? JSON : Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(openAi ? OPENAI_ERROR : PROBLEM))));
    }
}
