package io.ragchat.chat.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.history.service.HistoryMessage;
import io.ragchat.history.service.SourceRef;
import io.ragchat.llm.service.GuardedGeneration;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptBuilder;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.smallrye.mutiny.Multi;

/**
 * The model's answer from the sources found and the conversation so far: the prompt built, the sources it
 * quotes announced, then each token passed on the moment it arrives, through the guards on the model.
 */
@ApplicationScoped
class AnswerGeneration {

    private static final int SNIPPET_LENGTH = 240;

    private final PromptBuilder prompts;
    private final GuardedGeneration guarded;
    private final ChatTracing tracing;

    AnswerGeneration(PromptBuilder prompts, GuardedGeneration guarded, ChatTracing tracing) {
        this.prompts = prompts;
        this.guarded = guarded;
        this.tracing = tracing;
    }

    Multi<ChatEvent> answer(ChatExchange exchange, List<RetrievedChunk> chunks, List<HistoryMessage> earlier) {
        Prompt prompt = prompts.build(exchange.question(), chunks, earlier);
        exchange.sources(prompt.sources().stream().map(AnswerGeneration::toSourceRef).toList(), prompt.tokens());
        Multi<ChatEvent> tokens = tracing
                .generation(exchange, () -> guarded.generate(exchange.generator(), prompt, exchange.route()))
                .onSubscription().invoke(exchange::generationStarted)
                .onItem().transformToIterable(exchange::accept);
        return Concatenation.of(
                Multi.createFrom().items(new ChatEvent.Sources(exchange.sources()), ChatEvent.Status.GENERATING),
                tokens);
    }

    private static SourceRef toSourceRef(RetrievedChunk chunk) {
        String flat = chunk.content().replaceAll("\\s+", " ").strip();
        String snippet = flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH - 1) + "…";
        return new SourceRef(chunk.documentId(), chunk.title(), chunk.chunkId(), Math.round(chunk.score() * 1000) / 1000.0,
                snippet, chunk.page());
    }
}
