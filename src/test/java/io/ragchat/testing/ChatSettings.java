package io.ragchat.testing;

import java.time.Duration;

import io.ragchat.chat.config.ChatConfig;

/** {@link ChatConfig} for unit tests that build a bean themselves: the documented defaults, one changed at a time. */
public record ChatSettings(int maxMessageLength, Duration keepAliveInterval, boolean parallelStages)
        implements ChatConfig {

    public static ChatSettings defaults() {
        return new ChatSettings(4000, Duration.ofSeconds(10), true);
    }

    public ChatSettings withKeepAliveInterval(Duration interval) {
        return new ChatSettings(maxMessageLength, interval, parallelStages);
    }
}
