package io.ragchat.document.chunking;

import java.util.Objects;

/**
 * One piece of a document, sized for embedding.
 *
 * @param index       position of the chunk in the document, from 0
 * @param text        the raw slice of the document, line breaks normalized to {@code \n}; heading lines
 *                    are not part of it (see {@code headingPath}); it starts with the overlap, if any
 * @param headingPath the enclosing Markdown headings, outermost first, joined by {@code " > "}
 *                    (e.g. {@code "Install > Linux"}); empty before the first heading and for plain text
 * @param tokenCount  {@code text}'s token count
 * @param startOffset index of the slice's first char in the original document (Java char index)
 * @param endOffset   index after the slice's last char in the original document: {@code
 *                    source.substring(startOffset, endOffset)} with {@code \r\n} and {@code \r} turned
 *                    into {@code \n} equals {@code text}
 */
public record Chunk(int index, String text, String headingPath, int tokenCount, int startOffset, int endOffset) {

    public Chunk {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(headingPath, "headingPath");
        if (index < 0 || tokenCount < 0 || startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("Inconsistent chunk: index=%d tokens=%d offsets=[%d,%d)"
                    .formatted(index, tokenCount, startOffset, endOffset));
        }
    }
}
