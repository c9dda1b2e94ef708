package io.ragchat.history.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.security.Caller;
import io.ragchat.testing.Database;

/**
 * What a turn leaves in the database: a first turn creates its conversation, a follow-up moves its
 * {@code updated_at} and keeps its title, and a turn written again (a retry after a commit whose answer was
 * lost) leaves the rows as they were instead of failing or writing them twice.
 */
@QuarkusTest
class HistoryStoreTest {

    private static final Caller CALLER = new Caller("history-store-test", "ada");
    private static final OffsetDateTime NOON = OffsetDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    HistoryStore store;

    @Inject
    Database db;

    @Test
    void aFirstTurnCreatesItsConversationWithBothMessages() {
        Turn first = turn(UUID.randomUUID(), false, "How do I rotate the API keys?", NOON);

        store.write(first);

        assertThat(conversation(first.conversationId()))
                .isEqualTo(List.of("How do I rotate the API keys?", NOON.toString(), NOON.plusSeconds(2).toString()));
        assertThat(db.messagesOf(first.conversationId())).isEqualTo(2);
        assertThat(db.messageContent(first.questionId())).isEqualTo("How do I rotate the API keys?");
        assertThat(db.messageContent(first.answerId())).isEqualTo("An answer to: How do I rotate the API keys?");
    }

    @Test
    void aFollowUpMovesItsConversationOnAndKeepsItsTitle() {
        UUID conversation = UUID.randomUUID();
        store.write(turn(conversation, false, "How do I rotate the API keys?", NOON));

        store.write(turn(conversation, true, "And how often?", NOON.plusMinutes(5)));

        assertThat(conversation(conversation)).isEqualTo(List.of("How do I rotate the API keys?", NOON.toString(),
                NOON.plusMinutes(5).plusSeconds(2).toString()));
        assertThat(db.messagesOf(conversation)).isEqualTo(4);
    }

    @Test
    void aTurnWrittenAgainLeavesTheRowsAsTheyWere() {
        UUID conversation = UUID.randomUUID();
        Turn first = turn(conversation, false, "What does the cache store?", NOON);
        Turn followUp = turn(conversation, true, "For how long?", NOON.plusMinutes(1));
        store.write(first);
        store.write(followUp);

        store.write(first);
        store.write(followUp);

        assertThat(db.messagesOf(conversation)).isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM conversation WHERE id = $1", conversation)).isEqualTo(1);
    }

    @Test
    void aFollowUpWhoseConversationIsMissingCreatesIt() {
        Turn orphan = turn(UUID.randomUUID(), true, "And the second step?", NOON);

        store.write(orphan);

        assertThat(conversation(orphan.conversationId()))
                .isEqualTo(List.of("And the second step?", NOON.toString(), NOON.plusSeconds(2).toString()));
        assertThat(db.messagesOf(orphan.conversationId())).isEqualTo(2);
    }

    @Test
    void aFirstTurnForAConversationThatIsAnotherTurnsIsRefused() {
        UUID conversation = UUID.randomUUID();
        store.write(turn(conversation, false, "What is a tenant?", NOON));
        Turn clash = turn(conversation, false, "What is a user?", NOON.plusMinutes(1));

        assertThatThrownBy(() -> store.write(clash)).isInstanceOf(HistoryStore.HistoryWriteException.class);

        assertThat(db.messagesOf(conversation)).isEqualTo(2);
        assertThat(db.messageContent(clash.answerId())).isNull();
    }

    private static Turn turn(UUID conversation, boolean followUp, String question, OffsetDateTime askedAt) {
        return new Turn(CALLER, conversation, followUp, UUID.randomUUID(), question, askedAt, UUID.randomUUID(),
                "An answer to: " + question, Turn.Status.complete, "ollama", "qwen2.5:0.5b", List.of(),
                Map.of("totalMs", 2000L), Map.of("outputTokens", 12), null, askedAt.plusSeconds(2));
    }

    /** The conversation's title, creation and last activity, as stored (times in UTC). */
    private List<String> conversation(UUID id) {
        return db.row("SELECT title, created_at AT TIME ZONE 'UTC', updated_at AT TIME ZONE 'UTC' FROM conversation"
                + " WHERE id = $1", id).stream()
                .map(value -> value instanceof LocalDateTime t
                        ? t.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString()
                        : String.valueOf(value))
                .toList();
    }
}
