package io.ragchat.openai.rest;

import java.time.Instant;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.ragchat.chat.rest.KeepAlive;
import io.ragchat.chat.service.ChatCommand;
import io.ragchat.chat.service.ChatService;
import io.ragchat.limit.service.RequestLimits;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.ragchat.problem.OpenAiError;
import io.ragchat.problem.Problem;
import io.ragchat.problem.ProblemException;
import io.ragchat.problem.UnreadableJson;
import io.ragchat.security.CurrentCaller;
import io.smallrye.mutiny.Multi;

/**
 * The OpenAI-compatible API: any OpenAI client (SDKs, chat UIs, agent frameworks) pointed at
 * {@code <ragchat>/v1} gets ragchat's grounded answers from the model {@code ragchat}. Errors here are in
 * OpenAI's shape, not the RFC 9457 problems of the native API.
 */
@Path("/v1")
@Tag(name = "OpenAI-compatible", description = "For OpenAI clients: set their base URL to <ragchat>/v1 and the model to `ragchat`")
public class OpenAiResource {

    /** The one model: the grounded pipeline, answering with the configured generator. */
    static final String MODEL = "ragchat";
    static final String CONVERSATION_HEADER = "X-Ragchat-Conversation-Id";

    private final ChatService chat;
    private final KeepAlive keepAlive;
    private final ObjectMapper json;
    private final AnswerGenerator generator;
    private final ModelRouter router;
    private final long created = Instant.now().getEpochSecond();
    private final RequestLimits limits;
    private final CurrentCaller caller;

    OpenAiResource(ChatService chat, KeepAlive keepAlive, ObjectMapper json, @Selected AnswerGenerator generator,
            ModelRouter router, RequestLimits limits, CurrentCaller caller) {
        this.chat = chat;
        this.keepAlive = keepAlive;
        this.json = json;
        this.limits = limits;
        this.caller = caller;
        this.generator = generator;
        this.router = router;
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List models", description = "The one model, `ragchat`; its `ragchat` field names the back-end "
            + "that generates the answers.")
    @APIResponse(responseCode = "200", description = "The models", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelList.class),
            examples = @ExampleObject(name = "models", value = OpenAiExamples.MODELS)))
    public ModelList models() {
        return new ModelList("list", List.of(describe()));
    }

    @GET
    @Path("/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a model")
    @APIResponse(responseCode = "200", description = "The model", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelList.Model.class),
            examples = @ExampleObject(name = "ragchat", value = OpenAiExamples.MODEL)))
    @APIResponse(responseCode = "404", description = "Any other model", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class),
            examples = @ExampleObject(name = "model_not_found", value = OpenAiExamples.MODEL_NOT_FOUND)))
    public ModelList.Model model(@RestPath("model") String id) {
        if (!MODEL.equals(id)) {
            throw OpenAiException.modelNotFound(id);
        }
        return describe();
    }

    /** Described as it answers now: the generator in use and its model. */
    private ModelList.Model describe() {
        String modelId = router.fast().modelId();
        String description = "Answers grounded in the ingested documents, generated by " + generator.provider()
                + " (" + modelId + ")" + (generator.note() == null ? "" : ". " + generator.note());
        return new ModelList.Model(MODEL, "model", created, "ragchat",
                new ModelList.Backend(generator.provider(), modelId, description));
    }

    /**
     * One endpoint, two answers, chosen by the body's {@code stream} as OpenAI does (not by {@code Accept}:
     * some SDKs send {@code application/json} for streams too). So the method declares no media type and
     * returns ready-made bytes with their {@code Content-Type}, which Quarkus writes as they are (the
     * compatibility test checks the bytes on the wire); and since nothing is written before the first item,
     * a failure up to then still gets its own status.
     */
    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer a question (OpenAI chat completion)", description = """
            The last message is the question; earlier ones are not read (to continue a conversation, send the \
            `conversationId` from an answer's `ragchat` field back in the request's `ragchat` field or in the \
            `X-Ragchat-Conversation-Id` header). With `"stream": true` the answer is a stream of \
            `chat.completion.chunk` events ending with `data: [DONE]`; the first chunk carries the sources in its \
            `ragchat` field. A failure once the stream has started ends it with an `error` event and no `[DONE]`.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "whole", summary = "One JSON answer", value = OpenAiExamples.REQUEST),
            @ExampleObject(name = "streamed", summary = "Server-Sent Events, with a usage chunk",
                    value = OpenAiExamples.STREAM_REQUEST),
            @ExampleObject(name = "conversation", summary = "Continuing a conversation, with more sources",
                    value = OpenAiExamples.EXTENSION_REQUEST) }))
    @APIResponse(responseCode = "200", description = "The answer: JSON, or a stream when `stream` is true", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletion.class),
                    examples = @ExampleObject(name = "chat.completion", value = OpenAiExamples.COMPLETION)),
            @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = ChatCompletionChunk.class),
                    examples = {
                            @ExampleObject(name = "first chunk", summary = "The role, and the sources in `ragchat`",
                                    value = OpenAiExamples.FIRST_CHUNK),
                            @ExampleObject(name = "token chunk", summary = "Text as the model generates it",
                                    value = OpenAiExamples.TOKEN_CHUNK),
                            @ExampleObject(name = "last chunk", summary = "finish_reason stop",
                                    value = OpenAiExamples.LAST_CHUNK),
                            @ExampleObject(name = "usage chunk", summary = "With stream_options.include_usage",
                                    value = OpenAiExamples.USAGE_CHUNK),
                            @ExampleObject(name = "done", summary = "The end of a complete answer", value = OpenAiExamples.DONE),
                            @ExampleObject(name = "error", summary = "Ends a stream that failed; no [DONE] follows",
                                    value = OpenAiExamples.ERROR_EVENT),
                            @ExampleObject(name = "keep-alive", summary = "A comment sent while nothing else is",
                                    value = OpenAiExamples.KEEP_ALIVE) }) })
    @APIResponse(responseCode = "400", description = "invalid_request_error: no question, not `user` last, topK out of range",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class),
                    examples = { @ExampleObject(name = "no messages", value = OpenAiExamples.INVALID),
                            @ExampleObject(name = "topK", value = OpenAiExamples.TOP_K) }))
    @APIResponse(responseCode = "404", description = "An unknown model or conversation", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class), examples = {
                    @ExampleObject(name = "model_not_found", value = OpenAiExamples.MODEL_NOT_FOUND),
                    @ExampleObject(name = "conversation", value = OpenAiExamples.CONVERSATION_NOT_FOUND) }))
    @APIResponse(responseCode = "413", description = "The question is longer than ragchat.chat.max-message-length",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class),
                    examples = @ExampleObject(name = "too long", value = OpenAiExamples.TOO_LARGE)))
    @APIResponse(responseCode = "429", description = "rate_limit_exceeded: over the caller's question rate; Retry-After "
            + "says when to ask again", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OpenAiError.class),
                    examples = @ExampleObject(name = "rate_limit_exceeded", value = OpenAiExamples.RATE_LIMITED)))
    @APIResponse(responseCode = "503", description = "service_unavailable: the caller, or the service, has its most answers "
            + "in progress; Retry-After says when to ask again", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OpenAiError.class),
                    examples = @ExampleObject(name = "service_unavailable", value = OpenAiExamples.BUSY)))
    @APIResponse(responseCode = "502", description = "server_error: the model failed (504: it stopped answering). Only a "
            + "whole answer gets these statuses; a stream reports them in its error event", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class),
                    examples = @ExampleObject(name = "upstream_error", value = OpenAiExamples.UPSTREAM)))
    public RestMulti<byte[]> completions(@Valid CompletionRequest request, @Parameter(description = "Continue this conversation "
            + "(for clients that cannot add the `ragchat` body field)") @RestHeader(CONVERSATION_HEADER) String conversationId) {
        if (request == null) {
            throw OpenAiException.invalid("A JSON body {model, messages, stream?} is required", null);
        }
        ChatCommand command = request.toCommand(caller.get(), conversationId);
        long created = Instant.now().getEpochSecond();
        if (request.streamed()) {
            CompletionStream stream = new CompletionStream(json, request.model(), created, request.includeUsage());
            Multi<byte[]> frames = limits.admit(command.caller(), chat.ask(command)).onItem().transformToIterable(stream::frames);
            return RestMulti.fromMultiData(keepAlive.around(frames, CompletionStream.KEEP_ALIVE))
                    .header(HttpHeaders.CONTENT_TYPE, "text/event-stream;charset=UTF-8")
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .build();
        }
        Multi<byte[]> whole = limits.admit(command.caller(), chat.askWhole(command))
                .map(answer -> toJson(ChatCompletion.of(answer, request.model(), created)))
                .toMulti();
        return RestMulti.fromMultiData(whole).header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON).build();
    }

    /**
     * Every failure of this resource, answered as OpenAI does (a mapper declared in a resource applies to it
     * alone, ahead of the service-wide problem mappers); never a stack trace.
     */
    @ServerExceptionMapper
    public RestResponse<OpenAiError> error(Throwable failure) {
        OpenAiException error = switch (failure) {
            case OpenAiException e -> e;
            // A failed answer was already logged with its cause by the chat service.
            case ProblemException e -> OpenAiException.of(e.toProblem());
            case ConstraintViolationException e -> invalid(Problem.invalid(e.getConstraintViolations()));
            case JsonProcessingException e -> unreadable(e);
            case WebApplicationException e when e.getCause() instanceof JsonProcessingException cause -> unreadable(cause);
            case WebApplicationException e when e.getResponse().getStatus() < 500 ->
                new OpenAiException(e.getResponse().getStatus(), e.getMessage(), null, "invalid_request");
            default -> {
                Log.errorf(failure, "OpenAI-compatible request failed");
                yield new OpenAiException(500, "The request could not be completed.", null, "internal_error");
            }
        };
        var response = RestResponse.ResponseBuilder.<OpenAiError> create(error.status()).entity(error.error())
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (failure instanceof ProblemException problem && problem.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        return response.build();
    }

    /** The request's violations, in the problem's words; {@code param} names the first field at fault. */
    private static OpenAiException invalid(Problem problem) {
        String param = problem.violations().isEmpty() ? null : problem.violations().getFirst().field();
        return OpenAiException.of(problem, CompletionRequest.QUESTION.equals(param) ? "messages" : param);
    }

    private static OpenAiException unreadable(JsonProcessingException e) {
        return OpenAiException.invalid("The request body is not a valid chat completion request: "
                + UnreadableJson.describe(e), null);
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A completion could not be written as JSON", e);
        }
    }
}
