package io.ragchat.testing.llm;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Writes generations in Ollama's shapes. Streamed: {@code application/x-ndjson}, one object per line,
 * {@code "done":false} per token, then a last line with empty content, {@code "done":true}, the
 * {@code done_reason} and the nanosecond timings; an injected mid-stream fault is a line
 * {@code {"error":"..."}} on the 200 response. Not streamed: one object with the whole content and the
 * timings, or a 500 {@code {"error":"..."}}.
 */
final class OllamaReplyWriter {

    /** Where the text goes: {@code /api/chat} answers a message, {@code /api/generate} a response. */
    enum Endpoint {
        CHAT {
            @Override
            void putContent(JsonObject reply, String text) {
                reply.put("message", new JsonObject().put("role", "assistant").put("content", text));
            }
        },
        GENERATE {
            @Override
            void putContent(JsonObject reply, String text) {
                reply.put("response", text);
            }
        };

        abstract void putContent(JsonObject reply, String text);
    }

    private OllamaReplyWriter() {
    }

    /** An object with the content and {@code done}, without timings; also the load/unload answer. */
    static JsonObject reply(String model, Endpoint endpoint, String content, boolean done) {
        JsonObject reply = new JsonObject().put("model", model).put("created_at", Instant.now().toString());
        endpoint.putContent(reply, content);
        return reply.put("done", done);
    }

    static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }

    static Generation.Sink streamed(Exchange exchange, String model, Endpoint endpoint) {
        HttpServerResponse response = exchange.response();
        return new Generation.Sink() {
            @Override
            public void token(String text) {
                writeLine(reply(model, endpoint, text, false));
            }

            @Override
            public void done(Generation.Completion completion) {
                writeLine(withTimings(reply(model, endpoint, "", true), completion));
                response.end();
            }

            @Override
            public void failed(String message) {
                writeLine(error(message));
                response.end();
            }

            private void writeLine(JsonObject line) {
                if (!response.headWritten()) {
                    // Like Ollama, the 200 and its headers go out with the first line, not before the load.
                    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/x-ndjson");
                }
                response.write(line.encode() + "\n");
            }
        };
    }

    static Generation.Sink whole(Exchange exchange, String model, Endpoint endpoint) {
        StringBuilder content = new StringBuilder();
        return new Generation.Sink() {
            @Override
            public void token(String text) {
                content.append(text);
            }

            @Override
            public void done(Generation.Completion completion) {
                exchange.json(200, withTimings(reply(model, endpoint, content.toString(), true), completion));
            }

            @Override
            public void failed(String message) {
                exchange.json(500, error(message));
            }
        };
    }

    private static JsonObject withTimings(JsonObject reply, Generation.Completion completion) {
        return reply.put("done_reason", completion.finishReason())
                .put("total_duration", completion.totalNanos())
                .put("load_duration", completion.loadNanos())
                .put("prompt_eval_count", completion.promptTokens())
                .put("prompt_eval_duration", completion.promptEvalNanos())
                .put("eval_count", completion.evalCount())
                .put("eval_duration", completion.evalNanos());
    }
}
