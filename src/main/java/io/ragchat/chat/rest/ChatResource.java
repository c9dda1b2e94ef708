package io.ragchat.chat.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.ragchat.chat.service.ChatAnswer;
import io.ragchat.chat.service.ChatCommand;
import io.ragchat.chat.service.ChatEvent;
import io.ragchat.chat.service.ChatService;
import io.ragchat.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The chat API. One question, three ways to receive the answer, chosen by {@code Accept}: Server-Sent
 * Events (every stage and token as an event), plain chunked text (only the tokens, for {@code curl -N}),
 * or one JSON document.
 */
@Path("/api/chat")
public class ChatResource {

    private final ChatService chat;
    private final SseEvents sseEvents;

    ChatResource(ChatService chat, SseEvents sseEvents) {
        this.chat = chat;
        this.sseEvents = sseEvents;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    public Multi<OutboundSseEvent> stream(ChatRequest request, @Context Sse sse) {
        return sse(command(request), sse);
    }

    /** The same stream for the browser's {@code EventSource}, which can only send GET. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    public Multi<OutboundSseEvent> streamGet(@RestQuery String message, @RestQuery UUID conversationId,
            @RestQuery Integer topK, @RestQuery String model, @Context Sse sse) {
        return sse(new ChatCommand(message, conversationId, topK, null, model), sse);
    }

    /**
     * Only the tokens, as UTF-8 bytes. The media type travels with the headers rather than in
     * {@code @Produces}: that way Quarkus sends nothing before the first token, and a question refused
     * after the request was read (an unknown conversation) still gets its error status.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestMulti<byte[]> text(ChatRequest request, HttpHeaders headers) {
        if (headers.getAcceptableMediaTypes().stream().noneMatch(type -> type.isCompatible(MediaType.TEXT_PLAIN_TYPE))) {
            throw new NotAcceptableException();
        }
        Multi<byte[]> tokens = chat.ask(command(request)).onItem().transformToIterable(event -> switch (event) {
            case ChatEvent.Token token -> List.of(token.text().getBytes(StandardCharsets.UTF_8));
            // Past the headers a status can no longer be sent: the stream is cut, which a client sees as an error.
            case ChatEvent.Failed failed -> throw new ProblemException(failed.problem().status(),
                    failed.problem().title(), failed.problem().detail());
            default -> List.<byte[]> of();
        });
        return RestMulti.fromMultiData(tokens)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_PLAIN + ";charset=UTF-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ChatAnswer>> whole(ChatRequest request) {
        return chat.askWhole(command(request)).map(answer -> RestResponse.ResponseBuilder.ok(answer)
                .header("Server-Timing", serverTiming(answer.timings()))
                .build());
    }

    /** Headers wait for the question to be accepted, so a refused one still gets its status. */
    private Multi<OutboundSseEvent> sse(ChatCommand command, Sse sse) {
        return RestMulti.fromUniResponse(chat.accept(command), accepted -> sseEvents.frame(chat.answer(accepted), sse));
    }

    private static ChatCommand command(ChatRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {message, conversationId?, topK?} is required");
        }
        return new ChatCommand(request.message(), request.conversationId(), request.topK(), request.filter(),
                request.model());
    }

    /** {@code embedding;dur=3, retrieval;dur=2, ...}: browsers' developer tools show these per request. */
    private static String serverTiming(Map<String, Long> timings) {
        return timings.entrySet().stream()
                .map(e -> e.getKey().replace("Ms", "") + ";dur=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
