package io.ragchat.chat.rest;

import java.math.BigDecimal;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.ragchat.chat.config.ChatConfig;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.smallrye.config.SmallRyeConfig;

/**
 * Writes the bounds of {@link MaxChatMessage} and {@link TopK} into the OpenAPI document: they are configuration,
 * so the schema scanner, which reads annotations at build time, cannot know them. Run when the document is
 * served: the document is built during static initialisation, before the configuration mappings exist.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class ChatRequestSchema implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        Schema request = schemas(openApi).get("ChatRequest");
        if (request == null || request.getProperties() == null) {
            return;
        }
        ChatConfig chat = mapping(ChatConfig.class);
        Schema message = request.getProperties().get("message");
        if (message != null) {
            message.minLength(1).maxLength(chat.maxMessageLength());
        }
        boundTopK(request.getProperties().get("topK"));
    }

    /** Sets a {@code topK} property's range, 1 to {@code ragchat.retrieval.max-top-k}; also for the OpenAI extension. */
    public static void boundTopK(Schema topK) {
        if (topK != null) {
            topK.minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(mapping(RetrievalConfig.class).maxTopK()));
        }
    }

    /** The document's named schemas; none when it has no components yet. */
    public static Map<String, Schema> schemas(OpenAPI openApi) {
        return openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? Map.of()
                : openApi.getComponents().getSchemas();
    }

    // Filters are created by the OpenAPI scanner, not by CDI: the mappings are looked up rather than injected.
    private static <T> T mapping(Class<T> type) {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(type);
    }
}
