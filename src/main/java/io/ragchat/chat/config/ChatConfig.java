package io.ragchat.chat.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.chat")
public interface ChatConfig {

    /** The longest question accepted, in characters. */
    @WithDefault("4000")
    int maxMessageLength();

    /**
     * An SSE comment is sent when nothing else was sent for this long, so proxies and load balancers
     * do not cut a stream that is waiting on the model.
     */
    @WithDefault("10s")
    Duration keepAliveInterval();

    /**
     * Embed the question and search while the conversation's history loads. Off, the stages run one
     * after the other (the performance guide's baseline).
     */
    @WithDefault("true")
    boolean parallelStages();
}
