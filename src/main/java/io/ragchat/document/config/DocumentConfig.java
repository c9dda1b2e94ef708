package io.ragchat.document.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.document")
public interface DocumentConfig {

    /** The largest document accepted, in characters; larger ones are refused with 413. */
    @WithDefault("1000000")
    int maxChars();

    /** The longest title accepted, in characters. */
    @WithDefault("500")
    int maxTitleLength();

    Chunking chunking();

    interface Chunking {
        /** Each chunk's size limit, in tokens (the guide's "smaller chunks" keep prompts short). */
        @WithDefault("256")
        int maxTokens();

        /** Tokens repeated from the end of one chunk at the start of the next, so no sentence loses its context. */
        @WithDefault("32")
        int overlapTokens();
    }
}
