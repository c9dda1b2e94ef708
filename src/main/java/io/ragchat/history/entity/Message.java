package io.ragchat.history.entity;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.ragchat.history.service.SourceRef;
import io.smallrye.mutiny.Uni;

/** One message of a conversation: the user's question, or the assistant's answer with how it went. */
@Entity
@Table(name = "message")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "conversation_id")
    public UUID conversationId;

    /** {@code user} or {@code assistant}. */
    public String role;

    /** The whole answer, or what had been generated when it was cancelled or failed. */
    public String content;

    /** {@code complete}, {@code cancelled} or {@code failed}. */
    public String status;

    public String provider;

    public String model;

    // The JSON values below are set once, never changed in place: marked immutable, Hibernate keeps a loaded
    // message's values as they are instead of copying each through JSON and back for the snapshot its dirty check
    // compares against (a follow-up's history and every conversation read load messages; the writes insert through
    // a stateless session, which keeps no snapshot).

    @Convert(converter = SourcesConverter.class)
    @Immutable
    public List<SourceRef> sources;

    @JdbcTypeCode(SqlTypes.JSON)
    @Immutable
    public Map<String, Long> timings;

    @JdbcTypeCode(SqlTypes.JSON)
    @Immutable
    public Map<String, Integer> usage;

    public String error;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public static Uni<List<Message>> ofConversation(UUID conversationId) {
        return list("conversationId = ?1 order by createdAt, role desc", conversationId);
    }
}
