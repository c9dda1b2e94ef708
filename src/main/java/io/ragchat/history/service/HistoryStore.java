package io.ragchat.history.service;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.vertx.VertxContextSupport;
import io.ragchat.history.entity.Conversation;
import io.ragchat.history.entity.Message;
import io.smallrye.mutiny.Uni;

/**
 * Writes one turn in one transaction. Called from the history writer's threads, never from a request:
 * it blocks its caller until the database has committed, retrying transient failures.
 *
 * <p>
 * The rows are inserted through a stateless session: a turn is written once and never read back here, so
 * Hibernate's persistence context (loading, snapshots, dirty checking, flush) would be work for nothing. The
 * statements are only those the turn needs: its conversation created (a first turn) or its {@code updated_at}
 * moved (a follow-up), then its two messages in one batch; five with BEGIN and COMMIT, where looking the answer
 * and the conversation up first made seven. The service's CPU per turn halved (docs/benchmarks.md, "The
 * history's writes and the model's request").
 *
 * <p>
 * A retry after a commit whose answer was lost inserts a message id (or a first turn's conversation id) that
 * is already there: on a duplicate key the store looks for the turn's answer, and finding it, is done, so a
 * turn is never written twice. Any other duplicate (a follow-up whose conversation another replica created
 * meanwhile) is a failure to retry.
 */
@ApplicationScoped
public class HistoryStore {

    static final int TITLE_LENGTH = 80;

    private final Mutiny.SessionFactory sessions;

    HistoryStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Retry(maxRetries = 4, delay = 200, jitter = 100, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public void write(Turn turn) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> sessions.withStatelessTransaction(session -> insert(session, turn))
                    .onFailure(HistoryStore::isDuplicateKey).recoverWithUni(duplicate -> alreadyStored(turn, duplicate)));
        } catch (Throwable e) {
            throw new HistoryWriteException(turn, e);
        }
    }

    private static Uni<Void> insert(Mutiny.StatelessSession session, Turn turn) {
        Uni<Integer> updated = turn.followUp()
                ? session.createMutationQuery("update Conversation set updatedAt = :at where id = :id")
                        .setParameter("at", turn.answeredAt()).setParameter("id", turn.conversationId()).executeUpdate()
                : Uni.createFrom().item(0);
        // A follow-up whose conversation is missing (its first turn was never written: dropped from a full queue,
        // or refused) creates it.
        return updated.chain(rows -> rows > 0 ? Uni.createFrom().voidItem() : session.insert(conversation(turn)))
                .chain(() -> session.insertAll(2, new Object[] { question(turn), answer(turn) }));
    }

    /** Done when the turn's answer is stored (by an earlier attempt); the duplicate stands otherwise. */
    private Uni<Void> alreadyStored(Turn turn, Throwable duplicate) {
        return sessions.withStatelessSession(session -> session.get(Message.class, turn.answerId()))
                .onItem().ifNull().failWith(() -> duplicate)
                .replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof ConstraintViolationException violation && violation.getKind() == ConstraintKind.UNIQUE;
    }

    private static Conversation conversation(Turn turn) {
        Conversation conversation = new Conversation();
        conversation.id = turn.conversationId();
        conversation.tenant = turn.caller().tenant();
        conversation.userId = turn.caller().user();
        conversation.title = titleOf(turn.question());
        conversation.createdAt = turn.askedAt();
        conversation.updatedAt = turn.answeredAt();
        return conversation;
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
