package io.ragchat.embedding.service;

/**
 * Whether a text has anything for an embedding model to read. The models refuse text that is empty once
 * trimmed or once their tokenizer has cleaned it (it drops every character of Unicode's "other" categories:
 * control, format, surrogate, private-use and unassigned; the replacement character U+FFFD that undecodable
 * bytes become; and, stripping accents, combining marks), while Java's
 * {@link String#isBlank()} sees only whitespace: a question or a chunk of nothing but those is blank here.
 */
public final class EmbeddableText {

    private EmbeddableText() {
    }

    public static boolean isBlank(String text) {
        return text == null || text.codePoints().noneMatch(EmbeddableText::isVisible);
    }

    private static boolean isVisible(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint) && !Character.isISOControl(codePoint)
                && codePoint != 0xFFFD && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK;
    }
}
