package io.ragchat.document.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.InlineParser;
import org.commonmark.parser.Parser;
import org.commonmark.parser.SourceLine;

/**
 * Splits a normalized document into sections at its headings (ATX and setext) and each section body into
 * blocks, as CommonMark (with GFM tables) reads it: paragraphs, list items, block quotes, HTML blocks, tables
 * and code blocks (fenced or indented), inside which neither headings nor blank lines split anything. Plain
 * text is one untitled section of paragraphs. Heading lines belong to no block; their titles make up the
 * heading path. Thematic breaks are structure, not text, and belong to no block either.
 */
final class MarkdownOutline {

    record Section(String headingPath, List<Block> blocks) {
    }

    record Block(int start, int end, Kind kind) {
        /** What a block is cut at first when it does not fit: prose at sentences, code and tables at lines. */
        enum Kind { PROSE, CODE, TABLE }
    }

    private static final int MAX_HEADING_LEVEL = 6;
    /** YAML front matter (Jekyll, Hugo, MkDocs): a first line of {@code ---}, up to a line of {@code ---} or {@code ...}. */
    private static final Pattern FRONT_MATTER = Pattern.compile("---[ \\t]*\\R(?:.*\\R)*?(?:---|\\.\\.\\.)[ \\t]*(?:\\R|\\z)");
    private static final String PATH_SEPARATOR = " > ";
    /**
     * Chunks are raw slices, so only headings need their inline content, and a title is kept as written:
     * parsing every paragraph's emphasis and links would be wasted work.
     */
    private static final InlineParser TITLES_ONLY = (lines, node) -> {
        if (node instanceof Heading) {
            StringJoiner title = new StringJoiner(" ");
            for (SourceLine line : lines.getLines()) {
                String text = line.getContent().toString();
                int start = Whitespace.skip(text, 0, text.length());
                int end = Whitespace.trimEnd(text, start, text.length());
                if (start < end) {
                    title.add(text.substring(start, end));
                }
            }
            node.appendChild(new Text(title.toString()));
        }
    };
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .inlineParserFactory(context -> TITLES_ONLY)
            .build();

    private final String text;
    private final List<Section> sections = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final String[] headingTitles = new String[MAX_HEADING_LEVEL];
    private String headingPath = "";

    private MarkdownOutline(String text) {
        this.text = text;
    }

    static List<Section> parse(String text) {
        MarkdownOutline outline = new MarkdownOutline(text);
        String markdown = text;
        Matcher frontMatter = FRONT_MATTER.matcher(text);
        if (frontMatter.lookingAt()) {
            // Its metadata is worth finding, as text; CommonMark would read its last line as an underlined heading.
            outline.addRange(0, frontMatter.end(), Block.Kind.PROSE);
            markdown = blankedOut(text, frontMatter.end());
        }
        for (Node node = PARSER.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
            outline.add(node);
        }
        outline.endSection();
        return List.copyOf(outline.sections);
    }

    /** The text with its first {@code end} characters turned to spaces, line breaks kept, so offsets still hold. */
    private static String blankedOut(String text, int end) {
        StringBuilder blank = new StringBuilder(text);
        for (int i = 0; i < end; i++) {
            if (blank.charAt(i) != '\n' && blank.charAt(i) != '\r') {
                blank.setCharAt(i, ' ');
            }
        }
        return blank.toString();
    }

    private void add(Node node) {
        switch (node) {
            case Heading heading -> startSection(heading.getLevel(), title(heading));
            case ThematicBreak ignored -> {
            }
            // Each item is a unit of its own, its marker included, rather than the whole list.
            case ListBlock list -> {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    addBlock(item, Block.Kind.PROSE);
                }
            }
            case FencedCodeBlock code -> addBlock(code, Block.Kind.CODE);
            case IndentedCodeBlock code -> addBlock(code, Block.Kind.CODE);
            case TableBlock table -> addBlock(table, Block.Kind.TABLE);
            default -> addBlock(node, Block.Kind.PROSE);
        }
    }

    private void addBlock(Node node, Block.Kind kind) {
        List<SourceSpan> spans = node.getSourceSpans();
        if (spans.isEmpty()) {
            return;
        }
        addRange(spans.getFirst().getInputIndex(), end(spans.getLast()), kind);
    }

    private void addRange(int from, int to, Block.Kind kind) {
        int start = Whitespace.skip(text, from, text.length());
        int end = Whitespace.trimEnd(text, start, to);
        if (start < end) {
            blocks.add(new Block(start, end, kind));
        }
    }

    private static String title(Heading heading) {
        return heading.getFirstChild() instanceof Text title ? title.getLiteral() : "";
    }

    private void endSection() {
        if (!blocks.isEmpty()) {
            sections.add(new Section(headingPath, List.copyOf(blocks)));
            blocks.clear();
        }
    }

    private void startSection(int level, String title) {
        endSection();
        headingTitles[level - 1] = title;
        for (int deeper = level; deeper < MAX_HEADING_LEVEL; deeper++) {
            headingTitles[deeper] = null;
        }
        StringJoiner path = new StringJoiner(PATH_SEPARATOR);
        for (String headingTitle : headingTitles) {
            if (headingTitle != null && !headingTitle.isEmpty()) {
                path.add(headingTitle);
            }
        }
        headingPath = path.toString();
    }

    private static int end(SourceSpan span) {
        return span.getInputIndex() + span.getLength();
    }
}
