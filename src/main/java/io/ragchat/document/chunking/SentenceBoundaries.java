package io.ragchat.document.chunking;

/**
 * Finds sentence ends in prose by local inspection, so the chunker and the trimmer can scan in one pass.
 *
 * <p>A sentence ends after a run of {@code . ! ?} (plus closing quotes or brackets) that is followed by
 * whitespace or the end of the range, or right after a full-width {@code 。！？} (CJK text has no
 * spaces between sentences), or at a blank line. A single {@code .} does not end a sentence after a known
 * abbreviation ("e.g.", "Dr."), an initial ("J. Smith") or an ordered-list number ("1." at line start).
 * Decimals ("3.14") and URLs never split because no whitespace follows their dots.
 */
final class SentenceBoundaries {

    private static final String[] ABBREVIATIONS = {
        "e.g", "i.e", "cf", "vs", "al", "approx", "fig", "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st"
    };
    private static final String CLOSERS = "\"')]}»”’」』）】";

    private SentenceBoundaries() {
    }

    /**
     * End (exclusive, trailing whitespace excluded) of the sentence that starts at {@code from};
     * {@code limit} trimmed when the range holds no further sentence end.
     */
    static int sentenceEnd(String text, int from, int limit) {
        int i = from;
        while (i < limit) {
            char c = text.charAt(i);
            if (isFullWidthTerminator(c)) {
                int runEnd = i + 1;
                while (runEnd < limit && isFullWidthTerminator(text.charAt(runEnd))) {
                    runEnd++;
                }
                return skipClosers(text, runEnd, limit);
            }
            if (isTerminator(c)) {
                int runEnd = i + 1;
                while (runEnd < limit && isTerminator(text.charAt(runEnd))) {
                    runEnd++;
                }
                int end = skipClosers(text, runEnd, limit);
                if ((end == limit || Whitespace.is(text.charAt(end))) && endsSentence(text, i, runEnd)) {
                    return end;
                }
                i = end;
            } else if (c == '\n' && isBlankLine(text, i + 1, limit)) {
                return Whitespace.trimEnd(text, from, i);
            } else {
                i++;
            }
        }
        return Whitespace.trimEnd(text, from, limit);
    }

    /** Whether the non-whitespace character at {@code position} begins a sentence or a paragraph. */
    static boolean isSentenceStart(String text, int position) {
        int previous = position;
        int newlines = 0;
        while (previous > 0 && Whitespace.is(text.charAt(previous - 1))) {
            if (text.charAt(previous - 1) == '\n') {
                newlines++;
            }
            previous--;
        }
        if (previous == 0 || newlines >= 2) {
            return true;
        }
        int runEnd = previous;
        while (runEnd > 0 && CLOSERS.indexOf(text.charAt(runEnd - 1)) >= 0) {
            runEnd--;
        }
        if (runEnd == 0) {
            return false;
        }
        char last = text.charAt(runEnd - 1);
        if (isFullWidthTerminator(last)) {
            return true;
        }
        if (!isTerminator(last)) {
            return false;
        }
        int runStart = runEnd - 1;
        while (runStart > 0 && isTerminator(text.charAt(runStart - 1))) {
            runStart--;
        }
        return endsSentence(text, runStart, runEnd);
    }

    /** Decides whether a terminator run already known to be followed by whitespace ends a sentence. */
    private static boolean endsSentence(String text, int runStart, int runEnd) {
        if (runEnd - runStart > 1 || text.charAt(runStart) != '.') {
            return true; // "!", "?!", "..." always end a sentence
        }
        int tokenStart = runStart;
        while (tokenStart > 0 && isTokenChar(text.charAt(tokenStart - 1))) {
            tokenStart--;
        }
        int length = runStart - tokenStart;
        if (length == 0) {
            return true;
        }
        if (length == 1 && Character.isUpperCase(text.charAt(tokenStart))) {
            return false;
        }
        for (String abbreviation : ABBREVIATIONS) {
            if (abbreviation.length() == length && text.regionMatches(true, tokenStart, abbreviation, 0, length)) {
                return false;
            }
        }
        return !(isDigits(text, tokenStart, runStart) && startsLine(text, tokenStart));
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }

    private static boolean isDigits(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsLine(String text, int position) {
        int i = position;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i == 0 || text.charAt(i - 1) == '\n';
    }

    private static boolean isBlankLine(String text, int from, int limit) {
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (!Whitespace.is(c)) {
                return false;
            }
        }
        return true;
    }

    private static int skipClosers(String text, int from, int limit) {
        int i = from;
        while (i < limit && CLOSERS.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?';
    }

    private static boolean isFullWidthTerminator(char c) {
        return c == '。' || c == '！' || c == '？';
    }
}
