package io.ragchat.document.chunking;

import io.ragchat.document.chunking.MarkdownOutline.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits Markdown or plain text into chunks of at most {@link ChunkingOptions#maxTokens()} tokens,
 * following the document's structure.
 *
 * <p>Sections end at headings as CommonMark reads them ({@code #} inside fenced code does not count) and no
 * chunk spans two sections. Within a section, paragraphs, list items, tables and code blocks are kept whole
 * when they fit; a block that does not fit is cut at sentences (lines for code and tables), then lines, then
 * words, and a run with no such cut point (a 10k-character token) at grapheme boundaries, so surrogate
 * pairs, combining sequences and emoji sequences are never broken. The pieces are packed greedily, and each chunk after the first of a
 * section starts with up to {@link ChunkingOptions#overlapTokens()} tokens from the end of the previous
 * chunk, cut at a sentence boundary if one fits, else at a word boundary.
 *
 * <p>{@link Chunk#text()} is the raw slice of the document without the heading lines, whose titles are
 * in {@link Chunk#headingPath()}. The only chunk that can exceed {@code maxTokens} is a single grapheme
 * that alone costs more.
 *
 * <p>Linear in the document size; immutable and thread-safe.
 */
public final class MarkdownChunker {

    private final ChunkingOptions options;
    private final TokenCounter counter;

    public MarkdownChunker() {
        this(ChunkingOptions.defaults(), new ApproximateTokenCounter());
    }

    public MarkdownChunker(ChunkingOptions options, TokenCounter counter) {
        this.options = Objects.requireNonNull(options, "options");
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** The chunks of {@code document} in order; empty when it holds only whitespace and headings. */
    public List<Chunk> chunk(String document) {
        NormalizedText normalized = NormalizedText.of(Objects.requireNonNull(document, "document"));
        String text = normalized.text();
        BlockSplitter splitter = new BlockSplitter(text, counter, options.maxTokens());
        ChunkPacker packer = new ChunkPacker(text, counter, options);
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : MarkdownOutline.parse(text)) {
            for (TokenSpan span : packer.pack(splitter.split(section.blocks()))) {
                chunks.add(new Chunk(
                        chunks.size(),
                        text.substring(span.start(), span.end()),
                        section.headingPath(),
                        span.tokens(),
                        normalized.originalOffset(span.start()),
                        normalized.originalOffset(span.end())));
            }
        }
        return List.copyOf(chunks);
    }
}
