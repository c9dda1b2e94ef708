package io.ragchat.history.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A conversation; {@code messages} is counted only when one conversation is asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationView(UUID id, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt, Integer messages) {
}
