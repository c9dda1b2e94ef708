package io.ragchat.document.chunking;

/** The classes of code points that token estimation and boundary detection tell apart. */
enum CodePointKind {
    /** Free for the token estimate; separates words. */
    WHITESPACE,
    /** Letters and digits: runs of them are split into word pieces by BPE-like tokenizers. */
    WORD,
    /** Combining marks: they belong to the character before them and are never a split point. */
    MARK,
    /** Han, kana and Hangul: tokenizers spend about one token per character and need no spaces. */
    CJK,
    /** Punctuation, symbols, emoji and anything else: about one token each. */
    SYMBOL;

    private static final CodePointKind[] ASCII = new CodePointKind[128];

    static {
        for (int c = 0; c < ASCII.length; c++) {
            ASCII[c] = classify(c);
        }
    }

    static CodePointKind of(int codePoint) {
        return codePoint < ASCII.length ? ASCII[codePoint] : classify(codePoint);
    }

    private static CodePointKind classify(int codePoint) {
        if (Whitespace.is(codePoint)) {
            return WHITESPACE;
        }
        if (isCjk(codePoint)) {
            return CJK;
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER -> WORD;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            default -> SYMBOL;
        };
    }

    private static boolean isCjk(int codePoint) {
        return Character.isIdeographic(codePoint)
                || (codePoint >= 0x3040 && codePoint <= 0x30FF) // Hiragana, Katakana
                || (codePoint >= 0x31F0 && codePoint <= 0x31FF) // Katakana phonetic extensions
                || (codePoint >= 0xFF66 && codePoint <= 0xFF9D) // half-width Katakana
                || (codePoint >= 0x1100 && codePoint <= 0x11FF) // Hangul Jamo
                || (codePoint >= 0x3130 && codePoint <= 0x318F) // Hangul compatibility Jamo
                || (codePoint >= 0xAC00 && codePoint <= 0xD7A3); // Hangul syllables
    }
}
