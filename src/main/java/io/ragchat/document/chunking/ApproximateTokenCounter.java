package io.ragchat.document.chunking;

public class ApproximateTokenCounter implements TokenCounter {
    public int count(String text) { return (text.length() + 3) / 4; }
    public String truncate(String text, int maxTokens) { return text.length() <= maxTokens * 4 ? text : text.substring(0, maxTokens * 4); }
}
