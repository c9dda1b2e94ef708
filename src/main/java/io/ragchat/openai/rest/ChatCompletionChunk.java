package io.ragchat.openai.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One event of a streamed answer. {@code usage} appears only on the usage chunk, {@code ragchat} only on
 * the first chunk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        Grounding ragchat) {

    /** {@code finish_reason} is written even when null: OpenAI sends null on every chunk but the last. */
    @Schema(name = "ChatCompletionChunkChoice")
    public record Choice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ChatCompletionDelta")
    public record Delta(String role, String content) {
    }

    static final String OBJECT = "chat.completion.chunk";

    /** The answer's message id, so a completion can be found in ragchat's history. */
    static String idOf(UUID messageId) {
        return "chatcmpl-" + messageId;
    }
}
