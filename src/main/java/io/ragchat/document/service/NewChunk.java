package io.ragchat.document.service;

/** A chunk ready to be stored: its text and the vector computed for it. */
public record NewChunk(int ordinal, String heading, String content, int tokenCount, float[] embedding) {
}
