package io.ragchat.openai.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens) {

    /** From ragchat's usage; null when the back-end did not report both counts (OpenAI has no partial usage). */
    static Usage of(Map<String, Integer> usage) {
        Integer prompt = usage.get("promptTokens");
        Integer completion = usage.get("completionTokens");
        return prompt == null || completion == null ? null : new Usage(prompt, completion, prompt + completion);
    }
}
