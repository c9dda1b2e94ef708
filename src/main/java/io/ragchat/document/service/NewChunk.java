package io.ragchat.document.service;

/** A chunk ready to be stored: its text, the vector computed for it, and its page (null for files without pages). */
public record NewChunk(int ordinal, String heading, String content, int tokenCount, float[] embedding, Integer page) {
}
