package io.ragchat.followup.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragchat.followup.config.FollowUpConfig;
import io.ragchat.history.service.HistoryMessage;
import io.smallrye.mutiny.Uni;

/**
 * The search query of a question asked in a conversation: made by {@link FollowUpRule}, or by the model
 * ({@code ragchat.follow-up.rewriter=model}) when the rule sees the question refers back. A question that
 * stands alone is searched as asked and never costs a model call.
 */
@ApplicationScoped
public class StandaloneQueries {

    private final FollowUpConfig config;
    private final ModelRewriter model;
    private final boolean useModel;

    StandaloneQueries(FollowUpConfig config, ModelRewriter model) {
        this.config = config;
        this.model = model;
        this.useModel = config.rewriter() == FollowUpConfig.Rewriter.model && model.available();
        if (config.rewriter() == FollowUpConfig.Rewriter.model && !useModel) {
            Log.warn("ragchat.follow-up.rewriter=model, but the extractive provider has no model: follow-ups are"
                    + " rewritten by the rule");
        }
    }

    /** The query for {@code question}, given the conversation's earlier messages, oldest first. */
    public Uni<StandaloneQuery> of(String question, List<HistoryMessage> earlier) {
        String byRule = FollowUpRule.query(question, earlier, config.earlierQuestions());
        if (!useModel || byRule.equals(question)) {
            return Uni.createFrom().item(new StandaloneQuery(byRule, false));
        }
        return model.rewrite(question, earlier, byRule).map(text -> new StandaloneQuery(text, true));
    }
}
