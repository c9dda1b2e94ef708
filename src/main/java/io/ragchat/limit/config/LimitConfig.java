package io.ragchat.limit.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much one caller, and one replica, may ask at once. The counters live in each replica's memory: with N
 * replicas a caller may get N times the per-user figures (docs/api.md, Limits).
 */
@ConfigMapping(prefix = "ragchat.limit")
public interface LimitConfig {

    /** Questions a caller may ask per minute, on average (a token bucket refilled at this rate); 0: no limit. */
    @WithDefault("60")
    double questionsPerMinute();

    /** Questions a caller may ask at once after a quiet spell (the bucket's size). */
    @WithDefault("20")
    int questionBurst();

    /** Answers one caller may have in progress at once (streamed or whole). */
    @WithDefault("4")
    int streamsPerUser();

    /**
     * Answers in progress at once on this replica. The default is the number of connections to the model
     * server: each answer holds one, and a further answer would only wait in the client's pool.
     */
    @WithDefault("${ragchat.llm.max-connections}")
    int streamsTotal();

    /** The {@code Retry-After} sent when the stream caps are full: a guess at how soon an answer ends. */
    @WithDefault("5s")
    Duration busyRetryAfter();
}
