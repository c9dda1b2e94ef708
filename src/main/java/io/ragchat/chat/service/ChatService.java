package io.ragchat.chat.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.chat.config.ChatConfig;
import io.ragchat.history.service.HistoryMessage;
import io.ragchat.history.service.SourceRef;
import io.ragchat.limit.service.Deadline;
import io.ragchat.problem.ProblemException;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Answers a question as a stream of events, top-down: admit it, load its conversation and find its sources
 * (together for a new question; a follow-up is searched with its conversation), build the prompt and stream
 * the model's tokens, record the turn. Everything that can refuse the
 * question (an unknown model or conversation, an unreachable database) does so before the first event, so
 * the caller can still answer with an error status; a failure after that ends the stream with an
 * {@code error} event. The turn is handed to the history writer when the stream ends, however it ends:
 * the database never sits between the model and the user.
 */
@ApplicationScoped
public class ChatService {

    private final ChatConfig config;
    private final QuestionIntake intake;
    private final EarlierMessages earlier;
    private final SourceSearch search;
    private final AnswerGeneration generation;
    private final AnswerRecorder recorder;
    private final Deadline deadline;

    ChatService(ChatConfig config, QuestionIntake intake, EarlierMessages earlier, SourceSearch search,
            AnswerGeneration generation, AnswerRecorder recorder, Deadline deadline) {
        this.config = config;
        this.intake = intake;
        this.earlier = earlier;
        this.search = search;
        this.generation = generation;
        this.recorder = recorder;
        this.deadline = deadline;
    }

    /** The answer's events; the returned stream fails before its first event when the question is refused. */
    public Multi<ChatEvent> ask(ChatCommand command) {
        return Concatenation.after(accept(command), this::answer);
    }

    /** The whole answer at once; a failure after the question was accepted is answered as its problem. */
    public Uni<ChatAnswer> askWhole(ChatCommand command) {
        return ask(command).collect().asList().map(ChatService::whole);
    }

    /** A question that passed every check, and what its answer will be grounded in once it is found. */
    private record Accepted(ChatExchange exchange, Uni<Grounding> grounding) {
    }

    /** The conversation so far and the sources found for the question. */
    private record Grounding(List<HistoryMessage> history, List<RetrievedChunk> sources) {
    }

    private Uni<Accepted> accept(ChatCommand command) {
        return intake.admit(command).chain(exchange -> exchange.isFollowUp() ? acceptFollowUp(exchange)
                : Uni.createFrom().item(new Accepted(exchange, groundNew(exchange))));
    }

    /**
     * A follow-up is searched with its conversation, so its history loads first, and an unknown conversation
     * is refused before the first event; the search starts with the stream, so a client that leaves stops a
     * model rewrite too.
     */
    private Uni<Accepted> acceptFollowUp(ChatExchange exchange) {
        return earlier.of(exchange).map(history -> new Accepted(exchange,
                search.forFollowUp(exchange, history).map(sources -> new Grounding(history, sources))));
    }

    /** A new question's search does not depend on its conversation: the two run together (parallel stages). */
    private Uni<Grounding> groundNew(ChatExchange exchange) {
        if (config.parallelStages()) {
            return Uni.combine().all().unis(earlier.of(exchange), search.forQuestion(exchange)).with(Grounding::new);
        }
        return earlier.of(exchange).chain(history -> search.forQuestion(exchange).map(sources -> new Grounding(history, sources)));
    }

    private Multi<ChatEvent> answer(Accepted accepted) {
        ChatExchange exchange = accepted.exchange();
        Multi<ChatEvent> events = Concatenation.of(
                Multi.createFrom().items(exchange.meta(), ChatEvent.Status.RETRIEVING),
                Concatenation.after(accepted.grounding(),
                        found -> generation.answer(exchange, found.sources(), found.history())),
                Multi.createFrom().deferred(() -> recorder.done(exchange).toMulti()));
        return deadline.around(events, exchange.startNanos())
                .onFailure().recoverWithItem(exchange::failed)
                .onSubscription().invoke(() -> recorder.opened(exchange))
                .onTermination().invoke((failure, cancelled) -> recorder.closed(exchange, cancelled));
    }

    private static ChatAnswer whole(List<ChatEvent> events) {
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
    }
}
