package io.ragchat.prompt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Token budgets that keep the prompt, and so the model's prefill time, small. */
@ConfigMapping(prefix = "ragchat.prompt")
public interface PromptConfig {

    /** Each retrieved chunk is trimmed, at a sentence boundary, to this many tokens. */
    @WithDefault("200")
    int maxChunkTokens();

    /** At most this many earlier messages of the conversation are included. */
    @WithDefault("6")
    int historyMessages();

    /** Earlier messages together stay under this many tokens; the oldest go first. */
    @WithDefault("600")
    int historyTokens();

    /** The whole prompt stays under this many tokens: history is dropped first, then the least similar chunks. */
    @WithDefault("2048")
    int maxPromptTokens();
}
