package io.ragchat.testing.bedrock;

import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.json.JsonObject;

/**
 * One ConverseStream request the {@link BedrockStub} received: the model id from its path, its JSON body,
 * its {@code Authorization} header, and whether the client closed the connection before the stream ended.
 */
public final class ConverseCall {

    private final String modelId;
    private final JsonObject body;
    private final String authorization;
    private final AtomicBoolean clientLeft = new AtomicBoolean();

    ConverseCall(String modelId, JsonObject body, String authorization) {
        this.modelId = modelId;
        this.body = body;
        this.authorization = authorization;
    }

    public String modelId() {
        return modelId;
    }

    public JsonObject body() {
        return body;
    }

    public String authorization() {
        return authorization;
    }

    /** The answer's {@code inferenceConfig.maxTokens}: 1 for a readiness or warm-up probe. */
    public Integer maxTokens() {
        JsonObject config = body.getJsonObject("inferenceConfig");
        return config == null ? null : config.getInteger("maxTokens");
    }

    /** Whether the client closed the connection while the stream was still open. */
    public boolean clientLeft() {
        return clientLeft.get();
    }

    void left() {
        clientLeft.set(true);
    }
}
