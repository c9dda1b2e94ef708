package io.ragchat.document.chunking;

/**
 * Whitespace as the chunker understands it: Java whitespace plus the Unicode space separators
 * (no-break space, ideographic space...), which {@link Character#isWhitespace(int)} leaves out.
 * Every such code point is in the BMP, so the {@code char} scans below never meet half a surrogate pair.
 */
final class Whitespace {

    private Whitespace() {
    }

    static boolean is(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** First index in {@code [from, end)} that is not whitespace, or {@code end}. */
    static int skip(String text, int from, int end) {
        int i = from;
        while (i < end && is(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code end} moved back over trailing whitespace, never before {@code start}. */
    static int trimEnd(String text, int start, int end) {
        int i = end;
        while (i > start && is(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
