package io.ragchat.document.chunking;

import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.Locale;

/**
 * User-perceived character boundaries within one range of a text: the last-resort cut points, which keep
 * surrogate pairs, combining sequences and emoji ZWJ sequences whole. Not thread-safe; one per range.
 */
final class GraphemeBoundaries {

    private final BreakIterator iterator = BreakIterator.getCharacterInstance(Locale.ROOT);

    GraphemeBoundaries(String text, int start, int end) {
        // The character iterator views the range in place and keeps the text's own indices.
        iterator.setText(new StringCharacterIterator(text, start, end, start));
    }

    /** The last boundary at or before {@code offset}. */
    int floor(int offset) {
        return iterator.isBoundary(offset) ? offset : iterator.preceding(offset);
    }

    /** The first boundary after {@code offset}. */
    int following(int offset) {
        return iterator.following(offset);
    }
}
