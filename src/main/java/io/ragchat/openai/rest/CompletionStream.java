package io.ragchat.openai.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.chat.service.ChatEvent;

/**
 * One streamed answer as OpenAI clients read it: {@code data: <chat.completion.chunk>} events, each
 * followed by a blank line (without it the OpenAI SDKs silently see nothing), ending with
 * {@code data: [DONE]}.
 *
 * <p>Nothing is written before the sources are known: until then a failure (an unknown conversation, the
 * database) can still be answered with its HTTP status. The first chunk carries the role and ragchat's
 * {@link Grounding}; a failure after it can only be reported in the stream, as OpenAI does: an
 * {@code error} event, then the end of the stream without {@code [DONE]}, which only a complete answer
 * gets.
 */
final class CompletionStream {

    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private ChatEvent.Meta meta;
    private String id;
    private boolean started;

    CompletionStream(ObjectMapper json, String model, long created, boolean includeUsage) {
        this.json = json;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /** The events a chat event becomes; called in order, one event at a time. */
    List<byte[]> frames(ChatEvent event) {
        return switch (event) {
            case ChatEvent.Meta m -> {
                meta = m;
                id = ChatCompletionChunk.idOf(m.messageId());
                yield List.of();
            }
            case ChatEvent.Sources sources -> {
                started = true;
                Grounding grounding = new Grounding(meta.conversationId(), meta.messageId(), meta.provider(),
                        meta.model(), sources.sources());
                yield List.of(frame(chunk(new ChatCompletionChunk.Delta("assistant", ""), null, grounding)));
            }
            case ChatEvent.Token token -> List.of(frame(chunk(new ChatCompletionChunk.Delta(null, token.text()), null,
                    null)));
            case ChatEvent.Done done -> done(Usage.of(done.usage()));
            case ChatEvent.Failed failed when !started -> throw OpenAiException.of(failed.problem());
            case ChatEvent.Failed failed -> List.of(frame(OpenAiException.of(failed.problem()).error()));
            case ChatEvent.Status ignored -> List.of();
        };
    }

    private List<byte[]> done(Usage usage) {
        List<byte[]> frames = new ArrayList<>(3);
        frames.add(frame(chunk(new ChatCompletionChunk.Delta(null, null), "stop", null)));
        if (includeUsage) {
            frames.add(frame(new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, List.of(), usage,
                    null)));
        }
        frames.add(DONE);
        return frames;
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason, Grounding grounding) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason)), null, grounding);
    }

    private byte[] frame(Object data) {
        try {
            return ("data: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A completion chunk could not be written as JSON", e);
        }
    }
}
