package io.ragchat.document.chunking;

import java.util.Objects;

/**
 * Shortens a text to a token budget, preferring to end at a sentence boundary, else at a word boundary,
 * else at a character (grapheme) boundary. Used to fit retrieved chunks into a prompt. Thread-safe.
 */
public final class ChunkTrimmer {

    private final TokenCounter counter;

    public ChunkTrimmer(TokenCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /**
     * Returns {@code text} itself when it fits {@code maxTokens}; otherwise its longest prefix that fits
     * and ends at the best available boundary, without trailing whitespace. The result may be empty when
     * not even one character fits.
     */
    public String truncate(String text, int maxTokens) {
        Objects.requireNonNull(text, "text");
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative: " + maxTokens);
        }
        if (counter.count(text) <= maxTokens) {
            return text;
        }
        int limit = PrefixSearch.longestFittingEnd(counter, text, 0, text.length(), maxTokens);
        int end = lastSentenceEndWithin(text, limit);
        if (end == 0) {
            end = WordBoundaries.floorWordEnd(text, 0, limit);
        }
        if (end == 0) {
            end = new GraphemeBoundaries(text, 0, text.length()).floor(limit);
        }
        return text.substring(0, Whitespace.trimEnd(text, 0, end));
    }

    private static int lastSentenceEndWithin(String text, int limit) {
        int best = 0;
        int start = Whitespace.skip(text, 0, limit);
        while (start < limit) {
            int end = SentenceBoundaries.sentenceEnd(text, start, text.length());
            if (end > limit) {
                break;
            }
            best = end;
            start = Whitespace.skip(text, end, limit);
        }
        return best;
    }
}
