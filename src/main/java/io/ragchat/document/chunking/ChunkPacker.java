package io.ragchat.document.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs the units of one section greedily into chunks of at most {@code maxTokens}, each chunk after the
 * first starting with an overlap drawn from the end of the one before.
 */
final class ChunkPacker {

    private final String text;
    private final TokenCounter counter;
    private final ChunkingOptions options;
    private final OverlapSelector overlapSelector;

    ChunkPacker(String text, TokenCounter counter, ChunkingOptions options) {
        this.text = text;
        this.counter = counter;
        this.options = options;
        this.overlapSelector = new OverlapSelector(text, counter);
    }

    List<TokenSpan> pack(List<TokenSpan> units) {
        List<TokenSpan> chunks = new ArrayList<>();
        TokenSpan previous = null;
        int next = 0;
        while (next < units.size()) {
            TokenSpan first = units.get(next);
            int start = first.start();
            int estimate = first.tokens();
            if (previous != null) {
                // The overlap gives way to the new text, never the reverse: the chunk must add something.
                int budget = Math.min(options.overlapTokens(), options.maxTokens() - first.tokens());
                int overlapStart = overlapSelector.start(previous, budget);
                if (overlapStart < previous.end()) {
                    start = overlapStart;
                    estimate += counter.count(text, overlapStart, previous.end());
                }
            }
            int last = next;
            while (last + 1 < units.size() && estimate + units.get(last + 1).tokens() <= options.maxTokens()) {
                last++;
                estimate += units.get(last).tokens();
            }
            TokenSpan chunk = measure(start, units.get(last).end());
            // Summed unit counts are an estimate: a counter need not be additive across the gaps.
            while (chunk.tokens() > options.maxTokens() && last > next) {
                last--;
                chunk = measure(start, units.get(last).end());
            }
            if (chunk.tokens() > options.maxTokens() && start < first.start()) {
                chunk = measure(first.start(), units.get(last).end());
            }
            chunks.add(chunk);
            previous = chunk;
            next = last + 1;
        }
        return chunks;
    }

    private TokenSpan measure(int start, int end) {
        return new TokenSpan(start, end, counter.count(text, start, end));
    }
}
