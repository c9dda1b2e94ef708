package io.ragchat.document.chunking;

public record Chunk(int index, String text, String headingPath, int tokenCount, int startOffset, int endOffset) {
}
