package io.ragchat.history.service;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.ragchat.history.entity.Conversation;
import io.ragchat.history.entity.Message;
import io.smallrye.mutiny.Uni;

/**
 * Writes one turn in one transaction. Called from the history writer's threads, never from a request:
 * it blocks its caller until the database has committed, retrying transient failures. A retry after a
 * commit whose answer was lost finds the answer already stored and does nothing, so a turn is never
 * written twice.
 */
@ApplicationScoped
public class HistoryStore {

    static final int TITLE_LENGTH = 80;

    @Retry(maxRetries = 4, delay = 200, jitter = 100, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public void write(Turn turn) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> persist(turn)));
        } catch (Throwable e) {
            throw new HistoryWriteException(turn, e);
        }
    }

    private static Uni<Void> persist(Turn turn) {
        return Message.<Message> findById(turn.answerId()).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().voidItem();
            }
            return Conversation.<Conversation> findById(turn.conversationId())
                    .chain(conversation -> upsertConversation(conversation, turn))
                    .chain(() -> question(turn).persist())
                    .chain(() -> answer(turn).persist())
                    .replaceWithVoid();
        });
    }

    private static Uni<Conversation> upsertConversation(Conversation existing, Turn turn) {
        if (existing != null) {
            existing.updatedAt = turn.answeredAt();
            return Uni.createFrom().item(existing);
        }
        Conversation conversation = new Conversation();
        conversation.id = turn.conversationId();
        conversation.tenant = turn.caller().tenant();
        conversation.userId = turn.caller().user();
        conversation.title = titleOf(turn.question());
        conversation.createdAt = turn.askedAt();
        conversation.updatedAt = turn.answeredAt();
        return conversation.persist();
    }

    static String titleOf(String question) {
        String line = question.strip().replaceAll("\\s+", " ");
        return line.length() <= TITLE_LENGTH ? line : line.substring(0, TITLE_LENGTH - 1) + "…";
    }

    private static Message question(Turn turn) {
        Message message = new Message();
        message.id = turn.questionId();
        message.conversationId = turn.conversationId();
        message.role = "user";
        message.content = turn.question();
        message.status = Turn.Status.complete.name();
        message.createdAt = turn.askedAt();
        return message;
    }

    private static Message answer(Turn turn) {
        Message message = new Message();
        message.id = turn.answerId();
        message.conversationId = turn.conversationId();
        message.role = "assistant";
        message.content = turn.answer();
        message.status = turn.status().name();
        message.provider = turn.provider();
        message.model = turn.model();
        message.sources = turn.sources();
        message.timings = turn.timings();
        message.usage = turn.usage();
        message.error = turn.error();
        message.createdAt = turn.answeredAt();
        return message;
    }

    /** A turn that could not be written. */
    public static class HistoryWriteException extends RuntimeException {
        HistoryWriteException(Turn turn, Throwable cause) {
            super("Could not write turn " + turn.answerId() + " of conversation " + turn.conversationId(), cause);
        }
    }
}
