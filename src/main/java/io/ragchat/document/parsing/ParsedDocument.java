package io.ragchat.document.parsing;

import java.util.List;

/**
 * A file's text as Markdown the chunker understands, with what the file said about itself.
 *
 * @param text       headings as {@code #} lines, paragraphs, list items and table rows as text
 * @param title      the file's own title (its properties, {@code <title>}, the first heading); null when it has none
 * @param pageStarts where each page's text starts in {@code text}: page n starts at index n - 1; empty for a
 *                   file without pages
 */
public record ParsedDocument(String text, String title, List<Integer> pageStarts) {

    public ParsedDocument {
        pageStarts = List.copyOf(pageStarts);
    }
}
