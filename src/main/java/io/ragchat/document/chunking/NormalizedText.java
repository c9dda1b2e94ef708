package io.ragchat.document.chunking;

import java.util.Arrays;

/**
 * A document with {@code \r\n} and lone {@code \r} turned into {@code \n}, able to map its indices back
 * to the original so chunk offsets point into the text the caller gave.
 */
final class NormalizedText {

    private static final int[] NONE = {};

    private final String text;
    /** Ascending normalized indices of the {@code \n}s whose preceding {@code \r} was dropped. */
    private final int[] droppedCarriageReturns;

    private NormalizedText(String text, int[] droppedCarriageReturns) {
        this.text = text;
        this.droppedCarriageReturns = droppedCarriageReturns;
    }

    static NormalizedText of(String source) {
        if (source.indexOf('\r') < 0) {
            return new NormalizedText(source, NONE);
        }
        StringBuilder normalized = new StringBuilder(source.length());
        int[] dropped = new int[countCrLf(source)];
        int droppedCount = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c != '\r') {
                normalized.append(c);
            } else if (i + 1 < source.length() && source.charAt(i + 1) == '\n') {
                dropped[droppedCount++] = normalized.length();
            } else {
                normalized.append('\n'); // same length, so nothing to remember
            }
        }
        return new NormalizedText(normalized.toString(), dropped);
    }

    String text() {
        return text;
    }

    /**
     * The original index of a normalized index. An end offset that sits just before a {@code \n} maps
     * before its {@code \r}, so an original slice never ends with half of a line break.
     */
    int originalOffset(int normalizedOffset) {
        int found = Arrays.binarySearch(droppedCarriageReturns, normalizedOffset);
        int droppedBefore = found >= 0 ? found : -found - 1;
        return normalizedOffset + droppedBefore;
    }

    private static int countCrLf(String source) {
        int count = 0;
        for (int i = source.indexOf('\r'); i >= 0; i = source.indexOf('\r', i + 1)) {
            if (i + 1 < source.length() && source.charAt(i + 1) == '\n') {
                count++;
            }
        }
        return count;
    }
}
