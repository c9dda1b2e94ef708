package io.ragchat.history.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.ragchat.history.service.ConversationView;
import io.ragchat.history.service.HistoryService;
import io.ragchat.history.service.MessageView;
import io.smallrye.mutiny.Uni;

@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private final HistoryService history;

    ConversationResource(HistoryService history) {
        this.history = history;
    }

    /** The most recently active conversations first. */
    @GET
    public Uni<List<ConversationView>> latest(@RestQuery @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return history.latest(limit);
    }

    @GET
    @Path("/{id}")
    public Uni<ConversationView> conversation(@RestPath UUID id) {
        return history.conversation(id);
    }

    @GET
    @Path("/{id}/messages")
    public Uni<List<MessageView>> messages(@RestPath UUID id) {
        return history.messages(id);
    }
}
