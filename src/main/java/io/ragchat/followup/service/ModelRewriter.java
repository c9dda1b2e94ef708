package io.ragchat.followup.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.ragchat.followup.config.FollowUpConfig;
import io.ragchat.history.service.HistoryMessage;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.GenerationEvent;
import io.ragchat.llm.service.GuardedGeneration;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.smallrye.mutiny.Uni;

/**
 * Asks the fast model to rewrite a follow-up as a standalone search query. The rewrite runs before the
 * search, so before the answer's first token: it is bounded in tokens and in time, and whenever it fails,
 * is slow or says nothing the rule's query is searched instead (counted in
 * {@code ragchat.follow_up.rewrite.fallbacks}).
 */
@ApplicationScoped
public class ModelRewriter {

    static final String INSTRUCTION = "Rewrite the user's follow-up question as one standalone search query for a"
            + " document search. Use the conversation only to resolve what the follow-up refers to. Reply with the"
            + " query alone, on one line, without quotes or explanation.";
    /** Earlier answers are cut to this many characters: enough to name what they were about. */
    private static final int ANSWER_CHARS = 300;

    private final FollowUpConfig config;
    private final AnswerGenerator generator;
    private final GuardedGeneration guarded;
    private final ModelRoute route;
    private final MeterRegistry registry;

    ModelRewriter(FollowUpConfig config, @Selected AnswerGenerator generator, GuardedGeneration guarded,
            ModelRouter router, MeterRegistry registry) {
        this.config = config;
        this.generator = generator;
        this.guarded = guarded;
        ModelRoute fast = router.fast();
        // Temperature 0: the same follow-up gets the same query, and so the same sources and cached vector.
        this.route = new ModelRoute(fast.name(), fast.modelId(), config.modelMaxTokens(), 0.0, fast.contextSize());
        this.registry = registry;
    }

    /** Whether there is a model to ask: the extractive provider has none, and the rule is used. */
    public boolean available() {
        return generator.hasModels();
    }

    /** The model's query for {@code question}, or {@code fallback} when it cannot give one in time. */
    public Uni<String> rewrite(String question, List<HistoryMessage> earlier, String fallback) {
        return Uni.createFrom().deferred(() -> guarded.generate(generator, prompt(question, earlier), route)
                .filter(GenerationEvent.Token.class::isInstance)
                .map(token -> ((GenerationEvent.Token) token).text())
                .collect().with(Collectors.joining()))
                .ifNoItem().after(config.modelTimeout()).failWith(TimeoutException::new)
                .map(ModelRewriter::cleaned)
                .map(query -> {
                    if (query.isEmpty()) {
                        fellBack(Fallback.empty, "was empty");
                        return fallback;
                    }
                    return query;
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof TimeoutException) {
                        fellBack(Fallback.timeout, "took longer than " + config.modelTimeout().toMillis()
                                + " ms (ragchat.follow-up.model-timeout)");
                    } else {
                        fellBack(Fallback.failure, "failed: " + failure);
                    }
                    return fallback;
                });
    }

    private Prompt prompt(String question, List<HistoryMessage> earlier) {
        StringBuilder conversation = new StringBuilder("Conversation:\n");
        for (HistoryMessage message : window(earlier)) {
            boolean user = "user".equals(message.role());
            String text = message.content().replaceAll("\\s+", " ").strip();
            if (!user && text.length() > ANSWER_CHARS) {
                text = text.substring(0, ANSWER_CHARS) + "…";
            }
            conversation.append(user ? "User: " : "Assistant: ").append(text).append('\n');
        }
        conversation.append("\nFollow-up question: ").append(question).append("\nStandalone search query:");
        List<PromptMessage> messages = List.of(new PromptMessage(PromptMessage.Role.system, INSTRUCTION),
                new PromptMessage(PromptMessage.Role.user, conversation.toString()));
        return new Prompt(messages, List.of(), 0);
    }

    /** The messages from the oldest of the last {@code earlier-questions} user questions on. */
    private List<HistoryMessage> window(List<HistoryMessage> earlier) {
        int from = earlier.size();
        int questions = 0;
        while (from > 0 && questions < config.earlierQuestions()) {
            from--;
            if ("user".equals(earlier.get(from).role())) {
                questions++;
            }
        }
        return new ArrayList<>(earlier.subList(from, earlier.size()));
    }

    /** One line of plain text: models like to add line breaks, quotes or a label. */
    static String cleaned(String reply) {
        String query = reply.replaceAll("\\s+", " ").strip();
        if (query.regionMatches(true, 0, "Standalone search query:", 0, 24)) {
            query = query.substring(24).strip();
        }
        if (query.length() >= 2 && query.startsWith("\"") && query.endsWith("\"")) {
            query = query.substring(1, query.length() - 1).strip();
        }
        return query;
    }

    private void fellBack(Fallback reason, String what) {
        registry.counter("ragchat.follow_up.rewrite.fallbacks", "reason", reason.name()).increment();
        Log.infof("A follow-up was searched with the rule's query: the model's rewrite %s", what);
    }

    /** Why the rule's query was searched instead of the model's: the metric's {@code reason} tag. */
    private enum Fallback {
        timeout,
        failure,
        empty
    }
}
