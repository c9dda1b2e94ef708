package io.ragchat.chat.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.history.service.HistoryMessage;
import io.ragchat.history.service.HistoryService;
import io.ragchat.prompt.PromptConfig;
import io.smallrye.mutiny.Uni;

/**
 * The conversation's last messages that the prompt carries (none for a new conversation, which is not
 * read at all); a conversation the caller does not own, or that does not exist, is a 404.
 */
@ApplicationScoped
class EarlierMessages {

    private final HistoryService history;
    private final PromptConfig prompt;
    private final Stages stages;

    EarlierMessages(HistoryService history, PromptConfig prompt, Stages stages) {
        this.history = history;
        this.prompt = prompt;
        this.stages = stages;
    }

    Uni<List<HistoryMessage>> of(ChatExchange exchange) {
        return stages.timed(exchange, Stage.HISTORY_LOAD, () -> history.recent(exchange.caller(),
                exchange.isFollowUp() ? exchange.conversationId() : null, prompt.historyMessages()));
    }
}
