package io.ragchat.history.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.history")
public interface HistoryConfig {

    /** Conversation turns written to the database at once, in the background. */
    @WithDefault("2")
    int writers();

    /** Turns waiting to be written; past this a turn is refused, counted and logged. */
    @WithDefault("10000")
    int queueSize();

    /**
     * Commit each turn before the answer's {@code done} event, making the user wait for the database (the
     * performance guide's baseline). Off, turns are written in the background after the answer.
     */
    @WithDefault("false")
    boolean writeBeforeAnswer();

    /** How long shutdown waits for queued turns to be written. */
    @WithDefault("30s")
    Duration drainTimeout();
}
