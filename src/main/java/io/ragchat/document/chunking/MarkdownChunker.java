package io.ragchat.document.chunking;

import java.util.ArrayList;
import java.util.List;

public class MarkdownChunker {
    private final ChunkingOptions options;
    private final TokenCounter counter;
    public MarkdownChunker(ChunkingOptions options, TokenCounter counter) { this.options = options; this.counter = counter; }
    public List<Chunk> chunk(String text) {
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        for (String p : text.split("\n\n")) { if (!p.isBlank()) chunks.add(new Chunk(i++, p, "", counter.count(p), 0, 0)); }
        return chunks;
    }
}
