package io.ragchat.chat.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.ragchat.chat.service.ChatAnswer;
import io.ragchat.chat.service.ChatCommand;
import io.ragchat.chat.service.ChatEvent;
import io.ragchat.chat.service.ChatService;
import io.ragchat.problem.Problem;
import io.ragchat.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The chat API. One question, three ways to receive the answer, chosen by {@code Accept}: Server-Sent
 * Events (every stage and token as an event), plain chunked text (only the tokens, for {@code curl -N}),
 * or one JSON document.
 */
@Path("/api/chat")
@Tag(name = "Chat", description = "Ask questions; answers stream token by token with their sources")
public class ChatResource {

    private final ChatService chat;
    private final SseEvents sseEvents;

    ChatResource(ChatService chat, SseEvents sseEvents) {
        this.chat = chat;
        this.sseEvents = sseEvents;
    }

    // The three POST methods are one operation in the OpenAPI document; the examples of each content type
    // sit on the method that produces it.
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @Operation(summary = "Ask a question", description = """
            The answer's format follows `Accept`: `text/event-stream` sends every stage as an event (`meta`, \
            `status`, `sources`, `status`, `token`..., then `done` or `error`, with `:keep-alive` comments while \
            waiting); `text/plain` only the answer's text as it is generated; `application/json` the whole answer \
            at once.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "question", value = ChatExamples.REQUEST)))
    @APIResponse(responseCode = "200", description = "The answer, streamed or whole", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, examples = {
                    @ExampleObject(name = "meta", summary = "First: ids, provider and model", value = ChatExamples.META),
                    @ExampleObject(name = "status", summary = "A stage begins: retrieving, then generating",
                            value = ChatExamples.STATUS),
                    @ExampleObject(name = "sources", summary = "The sources; [n] in the answer cites the n-th",
                            value = ChatExamples.SOURCES),
                    @ExampleObject(name = "token", summary = "Text as the model generates it", value = ChatExamples.TOKEN),
                    @ExampleObject(name = "done", summary = "Last on success: timings and token usage",
                            value = ChatExamples.DONE),
                    @ExampleObject(name = "error", summary = "Last on failure: an RFC 9457 problem",
                            value = ChatExamples.ERROR),
                    @ExampleObject(name = "keep-alive", summary = "A comment sent while nothing else is",
                            value = ChatExamples.KEEP_ALIVE) }))
    @APIResponse(responseCode = "400", description = "No question, or topK out of range", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "blank", value = ChatExamples.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "conversationId names no conversation", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown conversation", value = ChatExamples.UNKNOWN_CONVERSATION)))
    @APIResponse(responseCode = "413", description = "The question is longer than ragchat.chat.max-message-length")
    public Multi<OutboundSseEvent> stream(ChatRequest request, @Context Sse sse) {
        return sseEvents.frame(chat.ask(command(request)), sse);
    }

    /** The same stream for the browser's {@code EventSource}, which can only send GET. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @Operation(summary = "Ask a question, for EventSource", description = "The same events as POST with "
            + "`Accept: text/event-stream`, for the browser's `EventSource`, which can only send GET.")
    @APIResponse(responseCode = "200", description = "The answer's events", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, examples = {
                    @ExampleObject(name = "meta", value = ChatExamples.META),
                    @ExampleObject(name = "status", value = ChatExamples.STATUS),
                    @ExampleObject(name = "sources", value = ChatExamples.SOURCES),
                    @ExampleObject(name = "token", value = ChatExamples.TOKEN),
                    @ExampleObject(name = "done", value = ChatExamples.DONE),
                    @ExampleObject(name = "error", value = ChatExamples.ERROR),
                    @ExampleObject(name = "keep-alive", value = ChatExamples.KEEP_ALIVE) }))
    @APIResponse(responseCode = "400", description = "No question, or topK out of range", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "blank", value = ChatExamples.BAD_REQUEST)))
    public Multi<OutboundSseEvent> streamGet(@RestQuery String message, @RestQuery UUID conversationId,
            @RestQuery Integer topK, @Context Sse sse) {
        return sseEvents.frame(chat.ask(new ChatCommand(message, conversationId, topK, null)), sse);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @APIResponse(responseCode = "200", description = "The answer, streamed or whole", content = @Content(
            mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "text", value = ChatExamples.TEXT)))
    public Multi<String> text(ChatRequest request) {
        return chat.ask(command(request)).onItem().transformToIterable(event -> switch (event) {
            case ChatEvent.Token token -> List.of(token.text());
            // Past the headers a status can no longer be sent: the stream is cut, which a client sees as an error.
            case ChatEvent.Failed failed -> throw new ProblemException(failed.problem().status(),
                    failed.problem().title(), failed.problem().detail());
            default -> List.<String> of();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The answer, streamed or whole", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatAnswer.class),
            examples = @ExampleObject(name = "answer", value = ChatExamples.ANSWER)))
    public Uni<RestResponse<ChatAnswer>> whole(ChatRequest request) {
        return chat.askWhole(command(request)).map(answer -> RestResponse.ResponseBuilder.ok(answer)
                .header("Server-Timing", serverTiming(answer.timings()))
                .build());
    }

    private static ChatCommand command(ChatRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {message, conversationId?, topK?} is required");
        }
        return new ChatCommand(request.message(), request.conversationId(), request.topK(), request.filter());
    }

    /** {@code embedding;dur=3, retrieval;dur=2, ...}: browsers' developer tools show these per request. */
    private static String serverTiming(Map<String, Long> timings) {
        return timings.entrySet().stream()
                .map(e -> e.getKey().replace("Ms", "") + ";dur=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
