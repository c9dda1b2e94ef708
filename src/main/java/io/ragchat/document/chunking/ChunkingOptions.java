package io.ragchat.document.chunking;

/**
 * How big chunks may be.
 *
 * @param maxTokens     upper bound on a chunk's token count, overlap included
 * @param overlapTokens upper bound on how much of the previous chunk's end a chunk repeats, to keep
 *                      context across a cut; smaller than {@code maxTokens} so every chunk adds new text
 */
public record ChunkingOptions(int maxTokens, int overlapTokens) {

    /** Matches the 256 word-piece input limit of all-MiniLM-L6-v2, the smallest embedding model in use. */
    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int DEFAULT_OVERLAP_TOKENS = 32;

    public ChunkingOptions {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException(
                    "overlapTokens must be in [0, maxTokens): " + overlapTokens + " with maxTokens " + maxTokens);
        }
    }

    public static ChunkingOptions defaults() {
        return new ChunkingOptions(DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS);
    }
}
