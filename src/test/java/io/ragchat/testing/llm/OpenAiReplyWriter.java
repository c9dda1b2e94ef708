package io.ragchat.testing.llm;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes chat completions in OpenAI's shapes. Streamed: {@code text/event-stream}, each event a
 * {@code data: {chat.completion.chunk}} line followed by a blank line (clients such as the OpenAI SDK
 * silently drop events that are not separated by one); the first chunk's delta carries the role, the
 * last one has an empty delta and the {@code finish_reason}; with {@code stream_options.include_usage}
 * one more chunk with empty {@code choices} carries {@code usage} (as OpenAI sends it); then
 * {@code data: [DONE]}. An injected mid-stream fault is a {@code data: {"error":{...}}} event, without
 * {@code [DONE]}. Not streamed: one {@code chat.completion} object, or a 500 with the error object.
 */
final class OpenAiReplyWriter {

    /**
     * What every chunk or completion repeats.
     *
     * @param created Unix seconds, as an integer (the SDK's validation insists)
     */
    record Identity(String id, long created, String model) {
    }

    private OpenAiReplyWriter() {
    }

    /** OpenAI's error body; {@code code} may be null. */
    static JsonObject error(String message, String type, String code) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", type)
                .put("param", null)
                .put("code", code));
    }

    /** The error body for an HTTP status, typed as OpenAI types them. */
    static JsonObject error(int status, String message) {
        return error(message, status >= 500 ? "server_error" : "invalid_request_error", null);
    }

    static Generation.Sink streamed(Exchange exchange, Identity identity, boolean includeUsage) {
        HttpServerResponse response = exchange.response();
        return new Generation.Sink() {
            private boolean roleSent;

            @Override
            public void token(String text) {
                writeEvent(chunk(identity, delta(text), null, includeUsage));
            }

            @Override
            public void done(Generation.Completion completion) {
                writeEvent(chunk(identity, delta(null), completion.finishReason(), includeUsage));
                if (includeUsage) {
                    writeEvent(base(identity, "chat.completion.chunk")
                            .put("choices", new JsonArray())
                            .put("usage", usage(completion)));
                }
                writeData("[DONE]");
                response.end();
            }

            @Override
            public void failed(String message) {
                writeEvent(error(message, "server_error", null));
                response.end();
            }

            private JsonObject delta(String text) {
                JsonObject delta = new JsonObject();
                if (!roleSent) {
                    delta.put("role", "assistant");
                    roleSent = true;
                }
                if (text != null) {
                    delta.put("content", text);
                }
                return delta;
            }

            private void writeEvent(JsonObject event) {
                writeData(event.encode());
            }

            private void writeData(String data) {
                if (!response.headWritten()) {
                    response.setStatusCode(200).setChunked(true)
                            .putHeader("Content-Type", "text/event-stream")
                            .putHeader("Cache-Control", "no-cache");
                }
                response.write("data: " + data + "\n\n");
            }
        };
    }

    static Generation.Sink whole(Exchange exchange, Identity identity) {
        StringBuilder content = new StringBuilder();
        return new Generation.Sink() {
            @Override
            public void token(String text) {
                content.append(text);
            }

            @Override
            public void done(Generation.Completion completion) {
                JsonObject message = new JsonObject().put("role", "assistant").put("content", content.toString());
                exchange.json(200, base(identity, "chat.completion")
                        .put("choices", new JsonArray().add(new JsonObject()
                                .put("index", 0)
                                .put("message", message)
                                .put("finish_reason", completion.finishReason())))
                        .put("usage", usage(completion)));
            }

            @Override
            public void failed(String message) {
                exchange.json(500, error(message, "server_error", null));
            }
        };
    }

    private static JsonObject chunk(Identity identity, JsonObject delta, String finishReason, boolean includeUsage) {
        JsonObject chunk = base(identity, "chat.completion.chunk")
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("delta", delta)
                        .put("finish_reason", finishReason)));
        return includeUsage ? chunk.put("usage", null) : chunk;
    }

    private static JsonObject base(Identity identity, String object) {
        return new JsonObject()
                .put("id", identity.id())
                .put("object", object)
                .put("created", identity.created())
                .put("model", identity.model());
    }

    private static JsonObject usage(Generation.Completion completion) {
        return new JsonObject()
                .put("prompt_tokens", completion.promptTokens())
                .put("completion_tokens", completion.evalCount())
                .put("total_tokens", completion.promptTokens() + completion.evalCount());
    }
}
