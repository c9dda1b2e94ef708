package io.ragchat.document.chunking;

/**
 * Word starts: a non-whitespace character after whitespace, and every CJK character (CJK text puts no
 * spaces between words, so each character is the finest safe cut short of grapheme splitting).
 * A word start is never inside a surrogate pair nor on a combining mark.
 */
final class WordBoundaries {

    private WordBoundaries() {
    }

    static boolean isWordStart(String text, int index) {
        if (index <= 0 || index >= text.length()) {
            return false;
        }
        if (Character.isLowSurrogate(text.charAt(index)) && Character.isHighSurrogate(text.charAt(index - 1))) {
            return false;
        }
        CodePointKind kind = CodePointKind.of(text.codePointAt(index));
        if (kind == CodePointKind.WHITESPACE || kind == CodePointKind.MARK) {
            return false;
        }
        CodePointKind before = CodePointKind.of(text.codePointBefore(index));
        return before == CodePointKind.WHITESPACE
                || kind == CodePointKind.CJK
                || (before == CodePointKind.CJK && kind == CodePointKind.WORD);
    }

    /** First word start in {@code (from, end)}, or {@code end}. */
    static int next(String text, int from, int end) {
        for (int i = from + 1; i < end; i++) {
            if (isWordStart(text, i)) {
                return i;
            }
        }
        return end;
    }

    /** Last word start in {@code (floor, from)}, or {@code floor}. */
    static int previous(String text, int from, int floor) {
        for (int i = from - 1; i > floor; i--) {
            if (isWordStart(text, i)) {
                return i;
            }
        }
        return floor;
    }

    /** Largest index in {@code (floor, at]} that ends a word, or {@code floor} if there is none. */
    static int floorWordEnd(String text, int floor, int at) {
        for (int i = at; i > floor; i--) {
            boolean endsWord = i == text.length() || Whitespace.is(text.charAt(i)) || isWordStart(text, i);
            if (endsWord && !Whitespace.is(text.charAt(i - 1))) {
                return i;
            }
        }
        return floor;
    }
}
