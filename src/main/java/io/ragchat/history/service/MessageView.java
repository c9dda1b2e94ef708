package io.ragchat.history.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(
        UUID id,
        String role,
        String content,
        String status,
        String provider,
        String model,
        List<SourceRef> sources,
        Map<String, Long> timings,
        Map<String, Integer> usage,
        String error,
        OffsetDateTime createdAt) {
}
