package io.ragchat.history.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.ragchat.database.DatabaseUnavailableException;
import io.ragchat.history.entity.Conversation;
import io.ragchat.history.entity.Message;
import io.ragchat.problem.ProblemException;
import io.ragchat.security.Caller;
import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Reads conversations: what the database has committed, plus the turns the history writer has accepted
 * but not yet written, so a conversation reads the same before and after its last turn is committed.
 * A caller sees only the conversations it owns: another user's conversation is answered exactly like an
 * unknown one (404), so its existence is not revealed either. Database reads go through the
 * {@code database-read} guard.
 */
@ApplicationScoped
public class HistoryService {

    private final HistoryWriter writer;

    HistoryService(HistoryWriter writer) {
        this.writer = writer;
    }

    /**
     * Runs one query through Hibernate Reactive so the first request does not pay for its start-up (class
     * loading and the session factory's first connection take seconds on a cold JVM). Blocking.
     */
    public void warmUp() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Conversation.count()));
        } catch (Throwable e) {
            throw new IllegalStateException("The history store could not be reached at start", e);
        }
    }

    /**
     * The messages of a conversation, oldest first; 404 when the caller has no such conversation. One whose
     * first answer is still streaming exists, with no messages yet.
     */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<List<MessageView>> messages(Caller caller, UUID conversationId) {
        // In this order: an answer that ends between the two reads has handed its turn over already.
        boolean answering = writer.isAnswering(conversationId, caller);
        List<Turn> unwritten = writer.unwritten(conversationId).stream().filter(t -> t.caller().equals(caller)).toList();
        return Panache.withSession(() -> Conversation.<Conversation> findById(conversationId)
                .chain(conversation -> {
                    if (conversation == null ? unwritten.isEmpty() && !answering : !conversation.isOwnedBy(caller)) {
                        throw notFound(conversationId);
                    }
                    return Message.ofConversation(conversationId);
                }))
                .map(stored -> merge(stored, unwritten))
                .onFailure().transform(DatabaseUnavailableException::classify);
    }

    public Uni<ConversationView> conversation(Caller caller, UUID conversationId) {
        return messages(caller, conversationId).invoke(messages -> {
            if (messages.isEmpty()) {
                throw notFound(conversationId); // its first answer is still streaming: nothing to show yet
            }
        }).chain(messages -> Panache.withSession(
                () -> Conversation.<Conversation> findById(conversationId)).map(stored -> {
                    MessageView first = messages.get(0);
                    MessageView last = messages.get(messages.size() - 1);
                    return stored == null
                            ? new ConversationView(conversationId, HistoryStore.titleOf(first.content()),
                                    first.createdAt(), last.createdAt(), messages.size())
                            : new ConversationView(conversationId, stored.title, stored.createdAt, last.createdAt(),
                                    messages.size());
                })).onFailure().transform(DatabaseUnavailableException::classify);
    }

    /** The caller's most recently active conversations, including those whose turns are not committed yet. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<List<ConversationView>> latest(Caller caller, int limit) {
        Map<UUID, List<Turn>> unwritten = writer.unwritten();
        return Panache.withSession(() -> Conversation.latest(caller, limit))
                .map(conversations -> {
                    Map<UUID, ConversationView> views = new LinkedHashMap<>();
                    unwritten.forEach((id, all) -> {
                        List<Turn> turns = all.stream().filter(t -> t.caller().equals(caller)).toList();
                        if (turns.isEmpty()) {
                            return; // another caller's, or written while we looked
                        }
                        Turn first = turns.get(0);
                        Turn last = turns.get(turns.size() - 1);
                        views.put(id, new ConversationView(id, HistoryStore.titleOf(first.question()), first.askedAt(),
                                last.answeredAt(), null));
                    });
                    for (Conversation c : conversations) {
                        views.merge(c.id, new ConversationView(c.id, c.title, c.createdAt, c.updatedAt, null),
                                (pending, stored) -> new ConversationView(c.id, c.title, c.createdAt,
                                        pending.updatedAt(), null));
                    }
                    return views.values().stream()
                            .sorted(Comparator.comparing(ConversationView::updatedAt).reversed())
                            .limit(limit)
                            .toList();
                })
                .onFailure().transform(DatabaseUnavailableException::classify);
    }

    /**
     * The last messages of a conversation for the prompt, oldest first; an empty list for a new one, 404
     * for an id that names no conversation.
     */
    public Uni<List<HistoryMessage>> recent(Caller caller, UUID conversationId, int limit) {
        if (conversationId == null) {
            return Uni.createFrom().item(List.of());
        }
        return messages(caller, conversationId).map(all -> all.stream()
                .filter(m -> !m.content().isBlank())
                .skip(Math.max(0, all.size() - limit))
                .map(m -> new HistoryMessage(m.role(), m.content()))
                .toList());
    }

    private static List<MessageView> merge(List<Message> stored, List<Turn> unwritten) {
        List<MessageView> views = new ArrayList<>(stored.size() + unwritten.size() * 2);
        Set<UUID> seen = new HashSet<>();
        for (Message m : stored) {
            seen.add(m.id);
            views.add(new MessageView(m.id, m.role, m.content, m.status, m.provider, m.model, m.sources, m.timings,
                    m.usage, m.error, m.createdAt));
        }
        for (Turn t : unwritten) {
            if (seen.contains(t.answerId())) {
                continue;
            }
            views.add(new MessageView(t.questionId(), "user", t.question(), Turn.Status.complete.name(), null, null,
                    null, null, null, null, t.askedAt()));
            views.add(new MessageView(t.answerId(), "assistant", t.answer(), t.status().name(), t.provider(), t.model(),
                    t.sources(), t.timings(), t.usage(), t.error(), t.answeredAt()));
        }
        views.sort(Comparator.comparing(MessageView::createdAt));
        return views;
    }

    private static ProblemException notFound(UUID conversationId) {
        return ProblemException.notFound("No conversation " + conversationId);
    }
}
