package io.ragchat.history.entity;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.ragchat.security.Caller;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "conversation")
public class Conversation extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The tenant and the user the conversation belongs to; no one else can read or continue it. */
    public String tenant;

    @Column(name = "user_id")
    public String userId;

    /** The start of the first question, so a list of conversations reads like one. */
    public String title;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static Uni<java.util.List<Conversation>> latest(Caller owner, int limit) {
        return find("tenant = ?1 and userId = ?2 order by updatedAt desc", owner.tenant(), owner.user())
                .page(0, limit).list();
    }

    public boolean isOwnedBy(Caller caller) {
        return tenant.equals(caller.tenant()) && userId.equals(caller.user());
    }
}
