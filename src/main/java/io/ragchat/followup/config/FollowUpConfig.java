package io.ragchat.followup.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a follow-up question ("and what is its default?") becomes a standalone search query, so that it
 * retrieves the pages of the conversation's subject rather than whatever matches its few words.
 */
@ConfigMapping(prefix = "ragchat.follow-up")
public interface FollowUpConfig {

    /** How the query is made: by a rule (no extra cost), or by asking the fast model (one round trip more). */
    @WithDefault("rule")
    Rewriter rewriter();

    /** Earlier user questions a follow-up is searched with (from the last {@code ragchat.prompt.history-messages}). */
    @WithDefault("2")
    int earlierQuestions();

    /** The longest the model may take to rewrite a follow-up; slower, the rule's query is searched instead. */
    @WithDefault("3s")
    Duration modelTimeout();

    /** Upper bound on the tokens of the model's rewritten query. */
    @WithDefault("48")
    int modelMaxTokens();

    enum Rewriter {
        /** The follow-up joined with the earlier questions when it refers back to them. */
        rule,
        /** The fast model rewrites the follow-up; on failure or timeout the rule's query is used. */
        model
    }
}
