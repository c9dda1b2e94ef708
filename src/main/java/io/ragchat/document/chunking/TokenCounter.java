package io.ragchat.document.chunking;

public interface TokenCounter {
    int count(String text);
    String truncate(String text, int maxTokens);
}
