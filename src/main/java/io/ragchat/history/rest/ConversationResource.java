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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.ragchat.history.service.ConversationView;
import io.ragchat.history.service.HistoryService;
import io.ragchat.history.service.MessageView;
import io.ragchat.problem.Problem;
import io.ragchat.security.CurrentCaller;
import io.smallrye.mutiny.Uni;

@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations", description = "The questions asked and the answers given, with their sources")
public class ConversationResource {

    private final HistoryService history;
    private final CurrentCaller caller;

    ConversationResource(HistoryService history, CurrentCaller caller) {
        this.history = history;
        this.caller = caller;
    }

    /** The most recently active conversations first. */
    @GET
    @Operation(summary = "List conversations", description = "The most recently active first.")
    @APIResponse(responseCode = "200", description = "The latest conversations", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ConversationView.class),
            examples = @ExampleObject(name = "conversations", value = ConversationExamples.CONVERSATIONS)))
    @APIResponse(responseCode = "400", description = "limit out of range, or not a whole number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ConversationView>> latest(@RestQuery @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return history.latest(caller.get(), limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a conversation", description = "Its title, times and number of messages.")
    @APIResponse(responseCode = "200", description = "The conversation", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConversationView.class),
            examples = @ExampleObject(name = "conversation", value = ConversationExamples.CONVERSATION)))
    @APIResponse(responseCode = "404", description = "No such conversation", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unknown", value = ConversationExamples.NOT_FOUND)))
    public Uni<ConversationView> conversation(@RestPath UUID id) {
        return history.conversation(caller.get(), id);
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "Get a conversation's messages", description = """
            Oldest first: each question, then its answer with the sources, timings and token usage. An answer's \
            `status` is `complete`, `failed` (with `error`) or `cancelled` (the client left; the text is what it got).""")
    @APIResponse(responseCode = "200", description = "The messages", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = MessageView.class),
            examples = @ExampleObject(name = "messages", value = ConversationExamples.MESSAGES)))
    @APIResponse(responseCode = "404", description = "No such conversation", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unknown", value = ConversationExamples.NOT_FOUND)))
    public Uni<List<MessageView>> messages(@RestPath UUID id) {
        return history.messages(caller.get(), id);
    }
}
