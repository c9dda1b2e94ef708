package io.ragchat.chat.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.ragchat.history.service.SourceRef;
import io.ragchat.history.service.Turn;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.GenerationEvent;
import io.ragchat.llm.service.GenerationException;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.problem.Problem;
import io.ragchat.problem.ProblemException;
import io.ragchat.security.Caller;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;

/**
 * One question on its way to an answer: the ids it was given, the time each stage took, and the answer
 * as it grows, so that however the stream ends (complete, cancelled, failed) the turn can be recorded
 * with what the user actually saw.
 */
public final class ChatExchange {

    private final long startNanos = System.nanoTime();
    private final Caller caller;
    private final Instant started = Instant.now();
    private final OffsetDateTime askedAt = started.atOffset(ZoneOffset.UTC);
    /** The request's trace (its server span), and the Vert.x context the request runs on, if any. */
    private final Context traceContext = Context.current();
    private final boolean traced = Span.fromContext(traceContext).isRecording();
    private final io.vertx.core.Context vertxContext = requestVertxContext();
    private final UUID conversationId;
    private final UUID questionId = UUID.randomUUID();
    private final UUID answerId = UUID.randomUUID();
    private final String question;
    private final AnswerGenerator generator;
    private final ModelRoute route;
    private final Map<String, Long> timings = Collections.synchronizedMap(new LinkedHashMap<>());
    private final StringBuilder answer = new StringBuilder();
    private volatile List<SourceRef> sources = List.of();
    private volatile Integer promptTokens;
    private volatile Integer completionTokens;
    private volatile boolean embeddingCached;
    private volatile long generationStartNanos;
    private volatile long firstTokenNanos;
    private volatile Problem failure;
    private volatile Throwable cause;
    private volatile boolean written;

    ChatExchange(Caller caller, UUID conversationId, String question, AnswerGenerator generator, ModelRoute route) {
        this.caller = caller;
        this.conversationId = conversationId == null ? UUID.randomUUID() : conversationId;
        this.question = question;
        this.generator = generator;
        this.route = route;
    }

    ChatEvent.Meta meta() {
        return new ChatEvent.Meta(conversationId, answerId, generator.provider(), model(), generator.note());
    }

    ModelRoute route() {
        return route;
    }

    String model() {
        return route.modelId();
    }

    Caller caller() {
        return caller;
    }

    UUID conversationId() {
        return conversationId;
    }

    String question() {
        return question;
    }

    long startNanos() {
        return startNanos;
    }

    String provider() {
        return generator.provider();
    }

    Context traceContext() {
        return traceContext;
    }

    /** Whether this request's trace records spans: tracing is on and the request was sampled. */
    boolean traced() {
        return traced;
    }

    io.vertx.core.Context vertxContext() {
        return vertxContext;
    }

    /** A {@link System#nanoTime()} reading of this exchange as nanoseconds since the epoch, for span times. */
    long epochNanos(long nanoTime) {
        return started.getEpochSecond() * 1_000_000_000L + started.getNano() + (nanoTime - startNanos);
    }

    private static io.vertx.core.Context requestVertxContext() {
        io.vertx.core.Context current = Vertx.currentContext();
        return current != null && VertxContext.isDuplicatedContext(current) ? current : null;
    }

    void stage(String name, long tookNanos) {
        timings.put(name + "Ms", tookNanos / 1_000_000);
    }

    void embeddingCached(boolean cached) {
        this.embeddingCached = cached;
    }

    void sources(List<SourceRef> used, int tokens) {
        this.sources = used;
        this.promptTokens = tokens;
    }

    List<SourceRef> sources() {
        return sources;
    }

    void generationStarted() {
        generationStartNanos = System.nanoTime();
    }

    /** Records what the model produced; answers the events the client should see for it. */
    List<ChatEvent> accept(GenerationEvent event) {
        if (event instanceof GenerationEvent.Token token) {
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            synchronized (answer) {
                answer.append(token.text());
            }
            return List.of(new ChatEvent.Token(token.text()));
        }
        GenerationEvent.Completed completed = (GenerationEvent.Completed) event;
        if (completed.promptTokens() != null) {
            promptTokens = completed.promptTokens();
        }
        completionTokens = completed.completionTokens();
        return List.of();
    }

    ChatEvent.Done done() {
        long now = System.nanoTime();
        if (firstTokenNanos != 0) {
            timings.put("firstTokenMs", (firstTokenNanos - startNanos) / 1_000_000);
        }
        if (generationStartNanos != 0) {
            timings.put("llmMs", (now - generationStartNanos) / 1_000_000);
        }
        timings.put("totalMs", (now - startNanos) / 1_000_000);
        return new ChatEvent.Done(Map.copyOf(timings), usage(), embeddingCached);
    }

    /** Turns a failure after the stream started into the {@code error} event that ends it. */
    ChatEvent.Failed failed(Throwable error) {
        cause = error;
        failure = switch (error) {
            case ProblemException problem -> problem.toProblem();
            case GenerationException generation -> Problem.of(502, "Bad Gateway", generation.getMessage());
            case TimeoutException timeout -> Problem.of(504, "Gateway Timeout",
                    "The language model stopped answering (ragchat.llm.idle-timeout)");
            case org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException timeout -> Problem.of(504,
                    "Gateway Timeout", "The language model did not start answering in time"
                            + " (quarkus.fault-tolerance.\"llm\".timeout.value)");
            default -> Problem.of(500, "Internal Server Error", "The answer could not be completed.");
        };
        return new ChatEvent.Failed(failure);
    }

    /** The turn was committed before the answer ended; the history writer must not queue it again. */
    void written() {
        written = true;
    }

    boolean isWritten() {
        return written;
    }

    Throwable cause() {
        return cause;
    }

    Map<String, Long> timings() {
        return timings;
    }

    long firstTokenNanos() {
        return firstTokenNanos == 0 ? -1 : firstTokenNanos - startNanos;
    }

    Turn toTurn(boolean cancelled) {
        // A failure also cancels the stream behind it, so it is checked first: the turn failed.
        Turn.Status status = failure != null ? Turn.Status.failed : cancelled ? Turn.Status.cancelled : Turn.Status.complete;
        String text;
        synchronized (answer) {
            text = answer.toString();
        }
        timings.putIfAbsent("totalMs", (System.nanoTime() - startNanos) / 1_000_000);
        return new Turn(caller, conversationId, questionId, question, askedAt, answerId, text, status, generator.provider(),
                model(), sources, Map.copyOf(timings), usage(), failure == null ? null : failure.detail(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private Map<String, Integer> usage() {
        Map<String, Integer> usage = new LinkedHashMap<>();
        if (promptTokens != null) {
            usage.put("promptTokens", promptTokens);
        }
        if (completionTokens != null) {
            usage.put("completionTokens", completionTokens);
        }
        return usage;
    }
}
