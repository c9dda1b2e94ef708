package io.ragchat.chat.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragchat.chat.config.ChatConfig;
import io.ragchat.database.DatabaseAvailability;
import io.ragchat.database.DatabaseUnavailableException;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.followup.service.StandaloneQueries;
import io.ragchat.history.config.HistoryConfig;
import io.ragchat.history.service.HistoryMessage;
import io.ragchat.history.service.HistoryService;
import io.ragchat.history.service.HistoryWriter;
import io.ragchat.history.service.SourceRef;
import io.ragchat.history.service.Turn;
import io.ragchat.limit.service.Deadline;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.GuardedGeneration;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.ragchat.metrics.StageMetrics;
import io.ragchat.problem.ProblemException;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptBuilder;
import io.ragchat.prompt.PromptConfig;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.ragchat.retrieval.service.Retrieval;
import io.ragchat.retrieval.service.RetrievalService;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Answers a question as a stream of events. A new question's embedding and search start at once and
 * run while the conversation's history loads; a follow-up is searched with its conversation, so its history
 * comes first. The model is asked as soon as both are there, and each token is passed on the moment it
 * arrives. The turn is handed to the history writer when the stream ends, however it ends: the database
 * never sits between the model and the user.
 */
@ApplicationScoped
public class ChatService {

    private static final int SNIPPET_LENGTH = 240;

    private final ChatConfig chat;
    private final HistoryConfig historyConfig;
    private final RetrievalConfig retrievalConfig;
    private final PromptConfig promptConfig;
    private final ModelRouter router;
    private final EmbeddingService embeddings;
    private final RetrievalService retrieval;
    private final HistoryService history;
    private final HistoryWriter writer;
    private final PromptBuilder prompts;
    private final AnswerGenerator generator;
    private final ChatMetrics metrics;
    private final StageMetrics stages;
    private final Deadline deadline;
    private final GuardedGeneration guarded;
    private final ChatTracing tracing;
    private final DatabaseAvailability database;
    private final StandaloneQueries standaloneQueries;

    ChatService(ChatConfig chat, HistoryConfig historyConfig, RetrievalConfig retrievalConfig, PromptConfig promptConfig,
            EmbeddingService embeddings, RetrievalService retrieval, HistoryService history, HistoryWriter writer,
            PromptBuilder prompts, @Selected AnswerGenerator generator, ModelRouter router, ChatMetrics metrics,
            StageMetrics stages, Deadline deadline, GuardedGeneration guarded, ChatTracing tracing,
            DatabaseAvailability database, StandaloneQueries standaloneQueries) {
        this.chat = chat;
        this.historyConfig = historyConfig;
        this.retrievalConfig = retrievalConfig;
        this.promptConfig = promptConfig;
        this.embeddings = embeddings;
        this.retrieval = retrieval;
        this.history = history;
        this.writer = writer;
        this.prompts = prompts;
        this.generator = generator;
        this.router = router;
        this.metrics = metrics;
        this.stages = stages;
        this.deadline = deadline;
        this.guarded = guarded;
        this.tracing = tracing;
        this.database = database;
        this.standaloneQueries = standaloneQueries;
    }

    /**
     * Accepts a question, valid by its request's constraints: starts embedding and searching, and loads the
     * conversation. Fails, before anything is sent, for an unknown model or conversation or an unreachable database (503),
     * so the caller can still answer with an error status.
     */
    public Uni<AcceptedQuestion> accept(ChatCommand command) {
        // Checked by the request's constraints; what is left is to read it as the pipeline does.
        String question = command.message().strip();
        int topK = command.topK() == null ? retrievalConfig.topK() : command.topK();
        ModelRoute route = router.route(command.model(), question);
        return database.check().chain(() -> Uni.createFrom().deferred(() -> {
            ChatExchange exchange = new ChatExchange(command.caller(), command.conversationId(), question, generator, route);
            if (command.conversationId() != null) {
                return acceptFollowUp(exchange, topK, command);
            }
            Uni<List<RetrievedChunk>> retrieved = retrieve(exchange, question, topK, command).memoize().indefinitely();
            if (!chat.parallelStages()) {
                return loadHistory(exchange, command).map(earlier -> new AcceptedQuestion(exchange, retrieved, earlier));
            }
            Cancellable retrieving = retrieved.subscribe().with(chunks -> {
            }, failure -> {
            });
            return loadHistory(exchange, command)
                    .onFailure().invoke(retrieving::cancel)
                    .onCancellation().invoke(retrieving::cancel)
                    .map(earlier -> new AcceptedQuestion(exchange, retrieved, earlier));
        }));
    }

    /**
     * A question in a conversation is searched with it: the history loads first (an unknown conversation is
     * still refused before anything is sent), then the standalone query made from both is embedded and
     * searched. That search starts with the answer's stream, so a client that leaves stops a model rewrite too.
     */
    private Uni<AcceptedQuestion> acceptFollowUp(ChatExchange exchange, int topK, ChatCommand command) {
        return loadHistory(exchange, command).map(earlier -> new AcceptedQuestion(exchange,
                standaloneQuery(exchange, earlier).chain(query -> retrieve(exchange, query, topK, command)), earlier));
    }

    /** The events of an accepted question's answer; a failure from here on ends it with an {@code error} event. */
    public Multi<ChatEvent> answer(AcceptedQuestion accepted) {
        return answer(accepted.exchange(), accepted.retrieved(), accepted.history());
    }

    /** {@link #accept} then {@link #answer}, for callers that need no status before the first event. */
    public Multi<ChatEvent> ask(ChatCommand command) {
        return accept(command).onItem().transformToMulti(this::answer);
    }

    /** A question that passed every check, on its way to an answer. */
    public record AcceptedQuestion(ChatExchange exchange, Uni<List<RetrievedChunk>> retrieved,
            List<HistoryMessage> history) {
    }

    /** The whole answer at once; a failure after the question was accepted is answered as its problem. */
    public Uni<ChatAnswer> askWhole(ChatCommand command) {
        return ask(command).collect().asList().map(events -> {
            ChatEvent.Meta meta = null;
            List<SourceRef> sources = List.of();
            StringBuilder text = new StringBuilder();
            for (ChatEvent event : events) {
                switch (event) {
                    case ChatEvent.Meta m -> meta = m;
                    case ChatEvent.Sources s -> sources = s.sources();
                    case ChatEvent.Token t -> text.append(t.text());
                    case ChatEvent.Failed f -> throw new ProblemException(f.problem().status(), f.problem().title(),
                            f.problem().detail());
                    case ChatEvent.Done d -> {
                        return new ChatAnswer(meta.conversationId(), meta.messageId(), meta.provider(), meta.model(),
                                text.toString(), sources, d.timings(), d.usage());
                    }
                    case ChatEvent.Status ignored -> {
                    }
                }
            }
            throw new IllegalStateException("The answer stream ended without done or error");
        });
    }

    private Multi<ChatEvent> answer(ChatExchange exchange, Uni<List<RetrievedChunk>> retrieved, List<HistoryMessage> earlier) {
        Multi<ChatEvent> events = Multi.createBy().concatenating().streams(
                Multi.createFrom().items(exchange.meta(), ChatEvent.Status.RETRIEVING),
                retrieved.onItem().transformToMulti(chunks -> generate(exchange, chunks, earlier)));
        return deadline.around(events, exchange.startNanos())
                .onFailure().recoverWithItem(exchange::failed)
                .onSubscription().invoke(() -> {
                    metrics.streamOpened();
                    writer.answerStarted(exchange.conversationId(), exchange.caller());
                })
                .onTermination().invoke((failure, cancelled) -> finish(exchange, cancelled));
    }

    private Multi<ChatEvent> generate(ChatExchange exchange, List<RetrievedChunk> chunks, List<HistoryMessage> earlier) {
        Prompt prompt = prompts.build(exchange.question(), chunks, earlier);
        exchange.sources(prompt.sources().stream().map(ChatService::toSourceRef).toList(), prompt.tokens());
        Multi<ChatEvent> tokens = tracing.generation(exchange, () -> guarded.generate(generator, prompt, exchange.route()))
                .onSubscription().invoke(exchange::generationStarted)
                .onItem().transformToIterable(exchange::accept);
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().items(new ChatEvent.Sources(exchange.sources()), ChatEvent.Status.GENERATING),
                tokens,
                Multi.createFrom().deferred(() -> done(exchange).toMulti()));
    }

    private Uni<ChatEvent> done(ChatExchange exchange) {
        if (!historyConfig.writeBeforeAnswer()) {
            return Uni.createFrom().item(exchange.done());
        }
        return writer.writeNow(exchange.toTurn(false)).invoke(exchange::written).map(ignored -> exchange.done());
    }

    /** Embeds {@code query} (the question, or a follow-up's standalone query) and searches with it. */
    private Uni<List<RetrievedChunk>> retrieve(ChatExchange exchange, String query, int topK, ChatCommand command) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return embeddings.embedQuery(query).chain(embedded -> {
                long searchStart = System.nanoTime();
                exchange.stage("embedding", searchStart - start);
                exchange.embeddingCached(embedded.cached());
                exchange.stage("cacheLookup", embedded.cacheLookupNanos());
                record(exchange, "embedding", searchStart - start);
                record(exchange, "cache_lookup", embedded.cacheLookupNanos());
                tracing.embedding(exchange, start, searchStart - start, embedded.cacheLookupNanos());
                return retrieval.search(command.caller().tenant(), query, embedded.vector(), topK,
                        command.filter())
                        .onFailure().transform(DatabaseUnavailableException::classify).invoke(found -> {
                    long took = System.nanoTime() - searchStart;
                    exchange.stage("retrieval", took);
                    record(exchange, "retrieval", took);
                    tracing.stage(exchange, "retrieval", searchStart, took);
                    if (found.reranked()) {
                        // Part of the retrieval's time, shown on its own: the one stage an outside service adds.
                        exchange.stage("rerank", found.rerankNanos());
                        record(exchange, "rerank", found.rerankNanos());
                    }
                }).map(Retrieval::sources);
            }).onFailure().invoke(failure -> tracing.failed(exchange, "retrieval", start, failure));
        });
    }

    /** The text a follow-up is searched with; the model's rewrite, when it was asked, is the rewrite stage. */
    private Uni<String> standaloneQuery(ChatExchange exchange, List<HistoryMessage> earlier) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return standaloneQueries.of(exchange.question(), earlier).map(query -> {
                if (query.askedModel()) {
                    long took = System.nanoTime() - start;
                    exchange.stage("rewrite", took);
                    record(exchange, "rewrite", took);
                    tracing.stage(exchange, "rewrite", start, took);
                }
                return query.text();
            });
        });
    }

    private Uni<List<HistoryMessage>> loadHistory(ChatExchange exchange, ChatCommand command) {
        long start = System.nanoTime();
        return history.recent(command.caller(), command.conversationId(), promptConfig.historyMessages()).invoke(messages -> {
            long took = System.nanoTime() - start;
            exchange.stage("history", took);
            record(exchange, "history_load", took);
            tracing.stage(exchange, "history load", start, took);
        }).onFailure().invoke(failure -> tracing.failed(exchange, "history load", start, failure));
    }

    private void finish(ChatExchange exchange, boolean cancelled) {
        metrics.streamClosed();
        Turn turn = exchange.toTurn(cancelled);
        if (!exchange.isWritten()) {
            writer.submit(turn, exchange.traceContext());
        }
        writer.answerEnded(exchange.conversationId());
        long total = System.nanoTime() - exchange.startNanos();
        record(exchange, "total", total);
        if (exchange.firstTokenNanos() > 0) {
            record(exchange, "first_token", exchange.firstTokenNanos());
        }
        Long llmMs = turn.timings().get("llmMs");
        if (llmMs != null) {
            record(exchange, "llm_total", llmMs * 1_000_000);
        }
        Integer completion = turn.usage().get("completionTokens");
        if (turn.status() == Turn.Status.complete && completion != null && llmMs != null && llmMs > 0) {
            metrics.tokensPerSecond(generator.provider(), exchange.model(), completion * 1000.0 / llmMs);
        }
        if (exchange.cause() != null && !(exchange.cause() instanceof ProblemException)) {
            Log.warnf(exchange.cause(), "Answer %s failed", turn.answerId());
        }
        Log.infof("chat conversation=%s message=%s status=%s provider=%s model=%s sources=%d timings=%s usage=%s",
                turn.conversationId(), turn.answerId(), turn.status(), turn.provider(), turn.model(),
                turn.sources().size(), turn.timings(), turn.usage());
    }

    private void record(ChatExchange exchange, String stage, long nanos) {
        stages.stage(stage, generator.provider(), exchange.model(), nanos);
    }

    private static SourceRef toSourceRef(RetrievedChunk chunk) {
        String flat = chunk.content().replaceAll("\\s+", " ").strip();
        String snippet = flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH - 1) + "…";
        return new SourceRef(chunk.documentId(), chunk.title(), chunk.chunkId(), Math.round(chunk.score() * 1000) / 1000.0,
                snippet, chunk.page());
    }
}
