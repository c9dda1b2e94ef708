package io.ragchat.document.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the Markdown a parsed file becomes: every heading, paragraph, list item and table row is a block of
 * one line, blocks are separated by a blank line, and page starts are remembered as offsets into the text.
 */
final class MarkdownWriter {

    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cc}\\p{Zs}\\u200b\\ufeff]+");

    private final StringBuilder out = new StringBuilder();
    private final List<Integer> pageStarts = new ArrayList<>();

    void heading(int level, String text) {
        String title = inline(text);
        if (!title.isEmpty()) {
            block("#".repeat(Math.clamp(level, 1, 6)) + " " + title);
        }
    }

    void paragraph(String text) {
        String line = inline(text);
        if (!line.isEmpty()) {
            block(literal(line));
        }
    }

    void listItem(String text) {
        String line = inline(text);
        if (!line.isEmpty()) {
            block("- " + line);
        }
    }

    void tableRow(List<String> cells) {
        paragraph(String.join(" | ", cells.stream().map(MarkdownWriter::inline).filter(c -> !c.isEmpty()).toList()));
    }

    /** The next page's text starts here. */
    void pageStart() {
        pageStarts.add(out.length());
    }

    String text() {
        return out.toString();
    }

    List<Integer> pageStarts() {
        return pageStarts;
    }

    /** One line: runs of whitespace and control characters become one space. */
    static String inline(String text) {
        return text == null ? "" : SPACE.matcher(text).replaceAll(" ").strip();
    }

    private void block(String line) {
        if (!out.isEmpty()) {
            out.append("\n\n");
        }
        out.append(line);
    }

    /** Body text that would read as Markdown structure (a heading, a code fence) is escaped to stay text. */
    private static String literal(String line) {
        return line.startsWith("#") || line.startsWith("```") || line.startsWith("~~~") ? "\\" + line : line;
    }
}
