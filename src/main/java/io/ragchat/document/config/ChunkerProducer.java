package io.ragchat.document.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.ragchat.document.chunking.ApproximateTokenCounter;
import io.ragchat.document.chunking.ChunkTrimmer;
import io.ragchat.document.chunking.ChunkingOptions;
import io.ragchat.document.chunking.MarkdownChunker;
import io.ragchat.document.chunking.TokenCounter;

/** The chunker, token counter and trimmer as configured; all plain Java, with no framework inside. */
public class ChunkerProducer {

    @Produces
    @ApplicationScoped
    TokenCounter tokenCounter() {
        return new ApproximateTokenCounter();
    }

    @Produces
    @ApplicationScoped
    ChunkTrimmer trimmer(TokenCounter tokens) {
        return new ChunkTrimmer(tokens);
    }

    @Produces
    @ApplicationScoped
    MarkdownChunker chunker(DocumentConfig config, TokenCounter tokens) {
        return new MarkdownChunker(new ChunkingOptions(config.chunking().maxTokens(), config.chunking().overlapTokens()),
                tokens);
    }
}
