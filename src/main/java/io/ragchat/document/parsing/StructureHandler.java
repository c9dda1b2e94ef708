package io.ragchat.document.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a stream of XHTML-like elements (Tika's SAX output, or an HTML page's elements) into Markdown: h1-h6
 * become headings, li list items, tr table rows of their cells, and every other block element ends a paragraph.
 * With pages tracked, each {@code div class="page"} (Tika's page of a PDF) marks a page start.
 */
final class StructureHandler {

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header", "footer",
            "aside", "nav", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
            "caption", "figure", "figcaption", "address", "details", "summary", "hr", "form", "fieldset", "body");

    private final MarkdownWriter writer = new MarkdownWriter();
    private final boolean trackPages;
    private final StringBuilder text = new StringBuilder();
    private int headingLevel;
    private int listItems;
    private List<String> cells;
    private int cellDepth;

    StructureHandler(boolean trackPages) {
        this.trackPages = trackPages;
    }

    void start(String element, String cssClass) {
        String name = element.toLowerCase(Locale.ROOT);
        if (cellDepth > 0) {
            text.append(' ');
            if (isCell(name)) {
                cellDepth++;
            }
            return;
        }
        int level = headingLevel(name);
        if (level > 0) {
            flush();
            headingLevel = level;
        } else if (name.equals("li")) {
            flush();
            listItems++;
        } else if (name.equals("tr")) {
            flush();
            cells = new ArrayList<>();
        } else if (isCell(name) && cells != null) {
            cellDepth = 1;
        } else if (name.equals("br")) {
            text.append(' ');
        } else if (BLOCKS.contains(name)) {
            flush();
            if (trackPages && name.equals("div") && cssClass != null && List.of(cssClass.split("\\s+")).contains("page")) {
                writer.pageStart();
            }
        }
    }

    void end(String element) {
        String name = element.toLowerCase(Locale.ROOT);
        if (cellDepth > 0) {
            if (isCell(name) && --cellDepth == 0) {
                cells.add(text.toString());
                text.setLength(0);
            } else {
                text.append(' ');
            }
            return;
        }
        if (headingLevel(name) > 0 && headingLevel > 0) {
            writer.heading(headingLevel, text.toString());
            text.setLength(0);
            headingLevel = 0;
        } else if (name.equals("li")) {
            flush();
            listItems = Math.max(0, listItems - 1);
        } else if (name.equals("tr") && cells != null) {
            flush();
            writer.tableRow(cells);
            cells = null;
        } else if (BLOCKS.contains(name)) {
            flush();
        }
    }

    void text(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    void text(String chars) {
        text.append(chars);
    }

    MarkdownWriter finish() {
        flush();
        return writer;
    }

    /** Writes the text gathered so far as one block: a list item inside a list item, else a paragraph. */
    private void flush() {
        if (text.isEmpty()) {
            return;
        }
        if (headingLevel > 0) {
            writer.heading(headingLevel, text.toString());
            headingLevel = 0;
        } else if (listItems > 0) {
            writer.listItem(text.toString());
        } else {
            writer.paragraph(text.toString());
        }
        text.setLength(0);
    }

    private static boolean isCell(String name) {
        return name.equals("td") || name.equals("th");
    }

    private static int headingLevel(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6'
                ? name.charAt(1) - '0'
                : 0;
    }
}
