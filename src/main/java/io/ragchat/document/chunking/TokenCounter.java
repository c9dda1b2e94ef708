package io.ragchat.document.chunking;

/**
 * Counts how many model tokens a text costs.
 *
 * <p>Implementations must be monotone over prefixes: a prefix of a text never counts more than the
 * whole text. Searches for the longest prefix that fits a budget rely on it.
 */
public interface TokenCounter {

    int count(String text);

    /**
     * Counts {@code text.substring(start, end)}. Callers on hot paths use this form so that an
     * implementation able to scan in place does not force a copy of every measured slice.
     */
    default int count(String text, int start, int end) {
        return count(text.substring(start, end));
    }
}
