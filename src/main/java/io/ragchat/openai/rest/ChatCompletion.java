package io.ragchat.openai.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.ragchat.chat.service.ChatAnswer;

/** A whole answer ({@code "stream": false}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        Grounding ragchat) {

    @Schema(name = "ChatCompletionChoice")
    public record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    @Schema(name = "ChatCompletionMessage")
    public record Message(String role, String content) {
    }

    static ChatCompletion of(ChatAnswer answer, String model, long created) {
        return new ChatCompletion(ChatCompletionChunk.idOf(answer.messageId()), "chat.completion", created, model,
                List.of(new Choice(0, new Message("assistant", answer.answer()), "stop")), Usage.of(answer.usage()),
                new Grounding(answer.conversationId(), answer.messageId(), answer.provider(), answer.model(),
                        answer.sources()));
    }
}
