package io.ragchat.document.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Splits a normalized document into sections at ATX headings ({@code #} to {@code ######}) and each
 * section body into blocks: paragraphs (separated by blank lines) and fenced code blocks ({@code ```} or
 * {@code ~~~}), inside which neither headings nor blank lines split anything. Plain text is one untitled
 * section of paragraphs. Heading lines belong to no block; their titles make up the heading path.
 * One pass over the lines.
 */
final class MarkdownOutline {

    record Section(String headingPath, List<Block> blocks) {
    }

    record Block(int start, int end, Kind kind) {
        enum Kind { PROSE, CODE }
    }

    private static final int MAX_HEADING_LEVEL = 6;
    private static final int MAX_INDENT = 3; // four spaces make an indented code block, not a heading
    private static final String PATH_SEPARATOR = " > ";

    private final String text;
    private final List<Section> sections = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final String[] headingTitles = new String[MAX_HEADING_LEVEL];
    private String headingPath = "";
    private int paragraphStart = -1;
    private int paragraphEnd;

    private MarkdownOutline(String text) {
        this.text = text;
    }

    static List<Section> parse(String text) {
        MarkdownOutline outline = new MarkdownOutline(text);
        outline.scanLines();
        return List.copyOf(outline.sections);
    }

    private void scanLines() {
        Fence openFence = null;
        int codeStart = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            int contentStart = Whitespace.skip(text, lineStart, lineEnd);
            if (openFence != null) {
                if (openFence.isClosedBy(text, lineStart, lineEnd)) {
                    blocks.add(new Block(codeStart, Whitespace.trimEnd(text, codeStart, lineEnd), Block.Kind.CODE));
                    openFence = null;
                }
            } else if (contentStart == lineEnd) {
                endParagraph();
            } else {
                Optional<Fence> fence = Fence.opening(text, lineStart, lineEnd);
                if (fence.isPresent()) {
                    endParagraph();
                    openFence = fence.get();
                    codeStart = contentStart;
                } else {
                    AtxHeading.parse(text, lineStart, lineEnd)
                            .ifPresentOrElse(this::startSection, () -> continueParagraph(contentStart, lineEnd));
                }
            }
            lineStart = lineEnd + 1;
        }
        if (openFence != null) {
            // An unclosed fence runs to the end of the document, as in CommonMark.
            blocks.add(new Block(codeStart, Whitespace.trimEnd(text, codeStart, text.length()), Block.Kind.CODE));
        }
        endParagraph();
        endSection();
    }

    private void continueParagraph(int contentStart, int lineEnd) {
        if (paragraphStart < 0) {
            paragraphStart = contentStart;
        }
        paragraphEnd = Whitespace.trimEnd(text, contentStart, lineEnd);
    }

    private void endParagraph() {
        if (paragraphStart >= 0) {
            blocks.add(new Block(paragraphStart, paragraphEnd, Block.Kind.PROSE));
            paragraphStart = -1;
        }
    }

    private void endSection() {
        if (!blocks.isEmpty()) {
            sections.add(new Section(headingPath, List.copyOf(blocks)));
            blocks.clear();
        }
    }

    private void startSection(AtxHeading heading) {
        endParagraph();
        endSection();
        headingTitles[heading.level() - 1] = heading.title();
        for (int deeper = heading.level(); deeper < MAX_HEADING_LEVEL; deeper++) {
            headingTitles[deeper] = null;
        }
        StringJoiner path = new StringJoiner(PATH_SEPARATOR);
        for (String title : headingTitles) {
            if (title != null && !title.isEmpty()) {
                path.add(title);
            }
        }
        headingPath = path.toString();
    }

    /** Index after up to three leading spaces, or -1 when the line is indented further. */
    private static int afterIndent(String text, int lineStart, int lineEnd) {
        int i = lineStart;
        while (i < lineEnd && text.charAt(i) == ' ') {
            i++;
        }
        return i - lineStart <= MAX_INDENT ? i : -1;
    }

    private record AtxHeading(int level, String title) {

        static Optional<AtxHeading> parse(String text, int lineStart, int lineEnd) {
            int hashesStart = afterIndent(text, lineStart, lineEnd);
            if (hashesStart < 0) {
                return Optional.empty();
            }
            int hashesEnd = hashesStart;
            while (hashesEnd < lineEnd && text.charAt(hashesEnd) == '#') {
                hashesEnd++;
            }
            int level = hashesEnd - hashesStart;
            if (level == 0 || level > MAX_HEADING_LEVEL || (hashesEnd < lineEnd && !isBlank(text.charAt(hashesEnd)))) {
                return Optional.empty(); // "#hashtag" and "#######" are text
            }
            int titleStart = Whitespace.skip(text, hashesEnd, lineEnd);
            int titleEnd = Whitespace.trimEnd(text, titleStart, lineEnd);
            // Drop an optional closing sequence ("## Title ##"), but not the hash of "C#".
            int closingStart = titleEnd;
            while (closingStart > titleStart && text.charAt(closingStart - 1) == '#') {
                closingStart--;
            }
            if (closingStart < titleEnd && (closingStart == titleStart || isBlank(text.charAt(closingStart - 1)))) {
                titleEnd = Whitespace.trimEnd(text, titleStart, closingStart);
            }
            return Optional.of(new AtxHeading(level, text.substring(titleStart, titleEnd)));
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }

    private record Fence(char marker, int length) {

        private static final int MIN_LENGTH = 3;

        static Optional<Fence> opening(String text, int lineStart, int lineEnd) {
            int markerStart = afterIndent(text, lineStart, lineEnd);
            if (markerStart < 0 || markerStart == lineEnd) {
                return Optional.empty();
            }
            char marker = text.charAt(markerStart);
            if (marker != '`' && marker != '~') {
                return Optional.empty();
            }
            int markerEnd = runEnd(text, markerStart, lineEnd, marker);
            if (markerEnd - markerStart < MIN_LENGTH) {
                return Optional.empty();
            }
            // A backtick in the info string makes the line inline code, not a fence.
            if (marker == '`' && hasBacktick(text, markerEnd, lineEnd)) {
                return Optional.empty();
            }
            return Optional.of(new Fence(marker, markerEnd - markerStart));
        }

        boolean isClosedBy(String text, int lineStart, int lineEnd) {
            int markerStart = afterIndent(text, lineStart, lineEnd);
            if (markerStart < 0) {
                return false;
            }
            int markerEnd = runEnd(text, markerStart, lineEnd, marker);
            return markerEnd - markerStart >= length && Whitespace.skip(text, markerEnd, lineEnd) == lineEnd;
        }

        private static boolean hasBacktick(String text, int from, int lineEnd) {
            for (int i = from; i < lineEnd; i++) {
                if (text.charAt(i) == '`') {
                    return true;
                }
            }
            return false;
        }

        private static int runEnd(String text, int from, int lineEnd, char marker) {
            int i = from;
            while (i < lineEnd && text.charAt(i) == marker) {
                i++;
            }
            return i;
        }
    }
}
