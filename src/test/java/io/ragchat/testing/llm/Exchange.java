package io.ragchat.testing.llm;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request being answered, with what every handler needs.
 *
 * @param body the parsed JSON object body (empty when there was none), or null when it was not JSON
 * @param profile the profile that was current when the request arrived; the whole answer plays by it
 * @param receivedAt {@link System#nanoTime()} at arrival, the start of Ollama's {@code total_duration}
 */
record Exchange(HttpServerRequest request, JsonObject body, SimulatorProfile profile, long receivedAt) {

    HttpServerResponse response() {
        return request.response();
    }

    /** Answers with one JSON object, unless the client has already gone. */
    void json(int status, JsonObject payload) {
        if (!response().closed()) {
            response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(payload.encode());
        }
    }

    void text(int status, String text) {
        if (!response().closed()) {
            response().setStatusCode(status)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(text);
        }
    }

    /** The body's {@code "model"}, which every model request must name. */
    String model() {
        Object model = body.getValue("model");
        if (!(model instanceof String name) || name.isBlank()) {
            throw new BadRequest("model is required");
        }
        return name;
    }

    /** An optional integer field of {@code object}; absent or null gives empty. */
    static Optional<Integer> integer(JsonObject object, String field) {
        if (object == null || object.getValue(field) == null) {
            return Optional.empty();
        }
        if (!(object.getValue(field) instanceof Number number)) {
            throw new BadRequest(field + " must be a number");
        }
        return Optional.of(number.intValue());
    }

    /**
     * The texts of an embedding {@code "input"}: a string or an array of strings; absent means none
     * (Ollama then only loads the model).
     */
    List<String> inputTexts(String field) {
        Object input = body.getValue(field);
        if (input == null) {
            return List.of();
        }
        if (input instanceof String text) {
            return List.of(text);
        }
        if (input instanceof JsonArray array) {
            List<String> texts = new ArrayList<>(array.size());
            for (Object item : array) {
                if (!(item instanceof String text)) {
                    throw new BadRequest(field + " must be a string or an array of strings");
                }
                texts.add(text);
            }
            return texts;
        }
        throw new BadRequest(field + " must be a string or an array of strings");
    }
}
