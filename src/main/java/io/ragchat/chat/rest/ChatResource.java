package io.ragchat.chat.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.ragchat.chat.service.ChatAnswer;
import io.ragchat.chat.service.ChatCommand;
import io.ragchat.chat.service.ChatEvent;
import io.ragchat.chat.service.ChatService;
import io.ragchat.limit.service.RequestLimits;
import io.ragchat.problem.Problem;
import io.ragchat.problem.ProblemException;
import io.ragchat.problem.Storable;
import io.ragchat.security.CurrentCaller;
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
    private final RequestLimits limits;
    private final CurrentCaller caller;

    ChatResource(ChatService chat, SseEvents sseEvents, RequestLimits limits, CurrentCaller caller) {
        this.chat = chat;
        this.sseEvents = sseEvents;
        this.limits = limits;
        this.caller = caller;
    }

    // The POST methods are one operation in the OpenAPI document; the examples of each content type sit on
    // the method that produces it. The streaming ones set their media type with their headers rather than
    // with @Produces: that way nothing is sent before the question is accepted, and a refused question (an
    // unknown conversation is only known after a database read) still gets its error status.
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask a question", description = """
            The answer's format follows `Accept`: `text/event-stream` sends every stage as an event (`meta`, \
            `status`, `sources`, `status`, `token`..., then `done` or `error`, with `:keep-alive` comments while \
            waiting); `text/plain` only the answer's text as it is generated; `application/json` the whole answer \
            at once.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "question", value = ChatExamples.REQUEST)))
    @APIResponse(responseCode = "200", description = "The answer, streamed or whole", content = { @Content(
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
                            value = ChatExamples.KEEP_ALIVE) }),
            @Content(mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "text", value = ChatExamples.TEXT)) })
    @APIResponse(responseCode = "400", description = "No question, topK out of range, text that cannot be stored, or not JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "blank", value = ChatExamples.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "conversationId names no conversation", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown conversation", value = ChatExamples.UNKNOWN_CONVERSATION)))
    @APIResponse(responseCode = "406", description = "Accept names none of text/event-stream, text/plain, application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The question is longer than ragchat.chat.max-message-length",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Over the caller's question rate; Retry-After says when to ask again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate", value = ChatExamples.TOO_MANY_REQUESTS)))
    @APIResponse(responseCode = "503", description = "The caller, or the service, has its most answers in progress; "
            + "Retry-After says when to ask again", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "busy", value = ChatExamples.BUSY)))
    public RestMulti<byte[]> stream(@Valid ChatRequest request, HttpHeaders headers) {
        ChatCommand command = command(request);
        if (accepts(headers, MediaType.SERVER_SENT_EVENTS_TYPE)) {
            return events(command);
        }
        if (accepts(headers, MediaType.TEXT_PLAIN_TYPE)) {
            return tokens(command);
        }
        throw new NotAcceptableException("Accept one of text/event-stream, text/plain, application/json");
    }

    /** The same stream for the browser's {@code EventSource}, which can only send GET. */
    @GET
    @Path("/stream")
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
    @APIResponse(responseCode = "400", description = "No question, topK out of range, or text that cannot be stored", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "blank", value = ChatExamples.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "conversationId names no conversation", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The question is longer than ragchat.chat.max-message-length",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Over the caller's question rate; Retry-After says when to ask again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The caller, or the service, has its most answers in progress; "
            + "Retry-After says when to ask again", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public RestMulti<byte[]> streamGet(@RestQuery @Question @MaxChatMessage @Storable String message,
            @RestQuery UUID conversationId, @RestQuery @TopK Integer topK, @RestQuery String model) {
        return events(new ChatCommand(caller.get(), message, conversationId, topK, null, model));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The answer, streamed or whole", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatAnswer.class),
            examples = @ExampleObject(name = "answer", value = ChatExamples.ANSWER)))
    public Uni<RestResponse<ChatAnswer>> whole(@Valid ChatRequest request) {
        ChatCommand command = command(request);
        return limits.admit(command.caller(), chat.askWhole(command)).map(answer -> RestResponse.ResponseBuilder.ok(answer)
                .header("Server-Timing", serverTiming(answer.timings()))
                .build());
    }

    private RestMulti<byte[]> events(ChatCommand command) {
        return streaming(sseEvents.frame(limits.admit(command.caller(), chat.ask(command))), SseEvents.MEDIA_TYPE);
    }

    /** Only the tokens, as UTF-8 text. */
    private RestMulti<byte[]> tokens(ChatCommand command) {
        Multi<byte[]> tokens = limits.admit(command.caller(), chat.ask(command)).onItem().transformToIterable(event -> switch (event) {
            case ChatEvent.Token token -> List.of(token.text().getBytes(StandardCharsets.UTF_8));
            // Past the headers a status can no longer be sent: the stream is cut, which a client sees as an error.
            case ChatEvent.Failed failed -> throw new ProblemException(failed.problem().status(),
                    failed.problem().title(), failed.problem().detail());
            default -> List.<byte[]> of();
        });
        return streaming(tokens, MediaType.TEXT_PLAIN + ";charset=UTF-8");
    }

    private static RestMulti<byte[]> streaming(Multi<byte[]> body, String mediaType) {
        return RestMulti.fromMultiData(body)
                .header(HttpHeaders.CONTENT_TYPE, mediaType)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    /** Whether the client accepts this type; no Accept at all, or a wildcard, counts as the event stream. */
    private static boolean accepts(HttpHeaders headers, MediaType type) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(accepted -> accepted.isCompatible(type)
                && (!accepted.isWildcardType() || type.equals(MediaType.SERVER_SENT_EVENTS_TYPE)));
    }

    private ChatCommand command(ChatRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {message, conversationId?, topK?} is required");
        }
        return new ChatCommand(caller.get(), request.message(), request.conversationId(), request.topK(), request.filter(),
                request.model());
    }

    /** {@code embedding;dur=3, retrieval;dur=2, ...}: browsers' developer tools show these per request. */
    private static String serverTiming(Map<String, Long> timings) {
        return timings.entrySet().stream()
                .map(e -> e.getKey().replace("Ms", "") + ";dur=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
