package io.ragchat.document.service;

import java.util.ArrayList;
import java.util.List;

import io.ragchat.document.chunking.Chunk;
import io.ragchat.document.chunking.MarkdownChunker;

/**
 * Chunks a document with pages page by page, so no chunk spans two pages: the page a chunk's text starts on is
 * the page all of it is on, and a source can name it. A document without pages is chunked whole.
 */
final class PagedChunker {

    /** A chunk and the page its text is on (from 1), or null when the document has no pages. */
    record PagedChunk(Chunk chunk, Integer page) {
    }

    private final MarkdownChunker chunker;

    PagedChunker(MarkdownChunker chunker) {
        this.chunker = chunker;
    }

    List<PagedChunk> chunk(String content, List<Integer> pageStarts) {
        if (pageStarts.isEmpty()) {
            return chunker.chunk(content).stream().map(chunk -> new PagedChunk(chunk, null)).toList();
        }
        List<PagedChunk> chunks = new ArrayList<>();
        for (int page = 1; page <= pageStarts.size(); page++) {
            int start = pageStarts.get(page - 1);
            int end = page < pageStarts.size() ? pageStarts.get(page) : content.length();
            for (Chunk chunk : chunker.chunk(content.substring(start, end))) {
                chunks.add(new PagedChunk(chunk, page));
            }
        }
        // Text before the first page (a file's preamble) belongs to no page; keep it rather than lose it.
        if (pageStarts.getFirst() > 0) {
            chunker.chunk(content.substring(0, pageStarts.getFirst())).reversed()
                    .forEach(chunk -> chunks.addFirst(new PagedChunk(chunk, null)));
        }
        return chunks;
    }
}
