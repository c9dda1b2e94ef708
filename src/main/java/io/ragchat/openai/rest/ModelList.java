package io.ragchat.openai.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {

    /** {@code ragchat} says which back-end generates the answers, which OpenAI's fields have no place for. */
    @Schema(name = "OpenAiModel")
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
            Backend ragchat) {
    }

    @Schema(name = "ModelBackend")
    public record Backend(String provider, String model, String description) {
    }
}
