package io.ragchat.document.chunking;

public record ChunkingOptions(int maxTokens, int overlapTokens) {
}
