package io.ragchat.history.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.history")
public interface HistoryConfig {

    /** Conversation turns written to the database at once, in the background. */
    @WithDefault("2")
    int writers();

    /**
     * Turns waiting to be written, including those waiting for the database to come back; past this the
     * newest turn is dropped, counted ({@code ragchat.history.dropped}) and logged at most once a minute.
     */
    @WithDefault("10000")
    int queueSize();

    /**
     * Commit each turn before the answer's {@code done} event, making the user wait for the database (the
     * performance guide's baseline). Off, turns are written in the background after the answer.
     */
    @WithDefault("false")
    boolean writeBeforeAnswer();

    /** How long shutdown keeps writing queued turns, retrying while the database is down. */
    @WithDefault("30s")
    Duration drainTimeout();
}
