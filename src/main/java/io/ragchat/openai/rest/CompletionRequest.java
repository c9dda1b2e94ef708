package io.ragchat.openai.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.ragchat.chat.rest.MaxChatMessage;
import io.ragchat.chat.rest.Question;
import io.ragchat.chat.rest.TopK;
import io.ragchat.chat.service.ChatCommand;
import io.ragchat.problem.Storable;
import io.ragchat.security.Caller;

/**
 * The part of OpenAI's chat completion request that ragchat reads. Every other field (temperature,
 * max_tokens, tools, ...) is accepted and ignored: the grounded pipeline's own settings apply.
 */
public record CompletionRequest(
        @Schema(description = "Must be `ragchat` (see GET /v1/models)", example = "ragchat")
        @NotBlank(message = "is required; use `ragchat`") String model,
        @Schema(description = "The conversation as OpenAI clients send it; only the last message, the question, "
                + "is read. It must have the role `user`.")
        @NotEmpty(message = "must hold at least one message") List<Message> messages,
        @Schema(description = "true: answer as `chat.completion.chunk` Server-Sent Events ending with `data: [DONE]`")
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @Schema(description = "How many answers to generate; only 1 is supported")
        @Min(value = 1, message = "only 1 is supported") @Max(value = 1, message = "only 1 is supported") Integer n,
        @Schema(description = "ragchat's extension; unknown to OpenAI clients, which can send it as an extra body field")
        @Valid Options ragchat) {

    /** The name the question's violations go by; OpenAI's {@code param} for them is {@code messages}. */
    static final String QUESTION = "question";

    /**
     * One message. {@code content} is a string, or an array of parts of which only {@code text} parts are
     * supported.
     */
    @Schema(name = "CompletionRequestMessage")
    public record Message(
            @Schema(example = "user") String role,
            @Schema(implementation = String.class, example = "What is the warranty period?") JsonNode content) {
    }

    public record StreamOptions(
            @Schema(description = "Send a last chunk with the token usage and no choices")
            @JsonProperty("include_usage") Boolean includeUsage) {
    }

    @Schema(name = "RagchatOptions")
    public record Options(
            @Schema(description = "Continue this conversation: its recent messages become the question's context. "
                    + "Omit it to start a new conversation (its id comes back in the answer's `ragchat` field).")
            UUID conversationId,
            @Schema(description = "How many sources to use (default ragchat.retrieval.top-k)", example = "2") @TopK Integer topK,
            @Schema(description = "Only use documents whose metadata contains these attributes")
            @Storable Map<String, Object> filter) {
    }

    /**
     * The question, the last message's text, checked by the same rules as the chat API's; null without
     * messages (refused as such). Content of another shape is refused by {@link #toCommand}, with its own reason.
     */
    @JsonIgnore
    @Schema(hidden = true)
    @Question
    @MaxChatMessage
    @Storable
    public String getQuestion() {
        if (messages == null || messages.isEmpty()) {
            return null;
        }
        Message last = messages.get(messages.size() - 1);
        JsonNode content = last == null ? null : last.content();
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
    }

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /**
     * The question for ragchat's pipeline. The conversation comes from the {@code ragchat} field or,
     * for clients that can only add headers, from {@code headerConversationId}; the body wins.
     */
    ChatCommand toCommand(Caller caller, String headerConversationId) {
        if (!OpenAiResource.MODEL.equals(model)) {
            throw OpenAiException.modelNotFound(model);
        }
        Message last = messages.get(messages.size() - 1);
        if (last == null || !"user".equals(last.role())) {
            throw OpenAiException.invalid("messages: the last message must be the question, with the role `user`",
                    "messages");
        }
        UUID conversationId = ragchat != null && ragchat.conversationId() != null
                ? ragchat.conversationId()
                : conversationOf(headerConversationId);
        return new ChatCommand(caller, text(last.content()), conversationId, ragchat == null ? null : ragchat.topK(),
                ragchat == null ? null : ragchat.filter(), null);
    }

    private static UUID conversationOf(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(header.strip());
        } catch (IllegalArgumentException e) {
            throw OpenAiException.invalid(OpenAiResource.CONVERSATION_HEADER + ": not a UUID", null);
        }
    }

    /** A string, or the text parts of an array of content parts, joined; anything else is refused. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw OpenAiException.invalid("messages: only text content parts are supported", "messages");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw OpenAiException.invalid("messages: content must be a string or an array of text parts", "messages");
    }
}
