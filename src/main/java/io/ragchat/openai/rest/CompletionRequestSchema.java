package io.ragchat.openai.rest;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.ragchat.chat.rest.ChatRequestSchema;

/** The range of the {@code ragchat} extension's {@code topK}, from configuration, as the chat API's. */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class CompletionRequestSchema implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        Schema options = ChatRequestSchema.schemas(openApi).get("RagchatOptions");
        if (options != null && options.getProperties() != null) {
            ChatRequestSchema.boundTopK(options.getProperties().get("topK"));
        }
    }
}
