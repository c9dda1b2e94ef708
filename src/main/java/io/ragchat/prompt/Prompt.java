package io.ragchat.prompt;

import java.util.List;

import io.ragchat.retrieval.service.RetrievedChunk;

/**
 * What the model is asked: the messages, the sources they quote (numbered from 1 in this order, as the
 * answer cites them) and the prompt's estimated size in tokens.
 */
public record Prompt(List<PromptMessage> messages, List<RetrievedChunk> sources, int tokens) {
}
