package io.ragchat.testing.llm;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * One request the simulator received, kept for assertions.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without the query, e.g. {@code /api/chat}
 * @param headers request headers, names in lower case (repeated headers keep the first value)
 * @param body the JSON object body; empty when there was no body or it was not a JSON object
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, JsonObject body,
        Instant receivedAt) {

    /** {@code method + " " + path}, the key of {@link SimulatorStats#requests(String)}. */
    public String endpoint() {
        return method + " " + path;
    }

    /** A copy of the body, so that a test cannot change what others see. */
    @Override
    public JsonObject body() {
        return body.copy();
    }
}
