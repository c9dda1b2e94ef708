package io.ragchat.limit.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The answer's deadline, which users set among the chat's settings ({@code ragchat.chat.deadline}); mapped here,
 * where it is enforced, so that the limits need nothing of the chat above them.
 */
@ConfigMapping(prefix = "ragchat.chat")
public interface DeadlineConfig {

    /**
     * The longest one answer may take, from its question being accepted to its last token; past it the
     * answer ends with a 504 {@code error} event, its generation is cancelled and the partial answer is
     * stored as failed. The model's silence is bounded sooner by {@code ragchat.llm.idle-timeout}.
     */
    @WithDefault("120s")
    Duration deadline();
}
