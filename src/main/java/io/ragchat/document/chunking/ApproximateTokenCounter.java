package io.ragchat.document.chunking;

import java.util.Objects;

/**
 * Estimates BPE/WordPiece token counts without a vocabulary, which is not available offline.
 *
 * <p>Each run of letters and digits costs one token per started group of four
 * code points, each CJK character one token, each punctuation or symbol code point (emoji included)
 * one token, whitespace nothing. Combining marks lengthen the run they follow. For English prose this
 * errs on the high side of GPT-style tokenizers, the safe side for a context or embedding limit.
 *
 * <p>One pass, no allocation; thread-safe.
 */
public final class ApproximateTokenCounter implements TokenCounter {

    private static final int CHARS_PER_WORD_PIECE = 4;

    @Override
    public int count(String text) {
        return count(text, 0, text.length());
    }

    @Override
    public int count(String text, int start, int end) {
        Objects.checkFromToIndex(start, end, text.length());
        int tokens = 0;
        int runLength = 0;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            int codePoint = c;
            // A lone surrogate, or a pair cut by the range, counts as one symbol rather than failing.
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else {
                i++;
            }
            switch (CodePointKind.of(codePoint)) {
                case WORD -> runLength++;
                case MARK -> {
                    if (runLength > 0) {
                        runLength++;
                    }
                }
                case WHITESPACE -> {
                    tokens += wordPieces(runLength);
                    runLength = 0;
                }
                case CJK, SYMBOL -> {
                    tokens += wordPieces(runLength) + 1;
                    runLength = 0;
                }
            }
        }
        return tokens + wordPieces(runLength);
    }

    private static int wordPieces(int runLength) {
        return (runLength + CHARS_PER_WORD_PIECE - 1) / CHARS_PER_WORD_PIECE;
    }
}
