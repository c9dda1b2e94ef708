package io.ragchat.chat.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

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
 * One question on its way to an answer: what was asked and by whom, the ids it was given, and what has
 * happened since (the time each stage took, the sources, the answer as it grows), so that however the
 * stream ends (complete, cancelled, failed) the turn can be recorded with what the user actually saw.
 *
 * <p>
 * What has happened is one immutable {@link Progress}, replaced atomically: the model's tokens, a
 * stage finishing on a worker thread and a client leaving on the event loop may touch it at once, and
 * whoever reads it sees one consistent moment.
 */
public final class ChatExchange {

    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private final Caller caller;
    /** The request's trace (its server span), and the Vert.x context the request runs on, if any. */
    private final Context traceContext = Context.current();
    private final boolean traced = Span.fromContext(traceContext).isRecording();
    private final io.vertx.core.Context vertxContext = requestVertxContext();
    private final boolean followUp;
    private final UUID conversationId;
    private final UUID questionId = UUID.randomUUID();
    private final UUID answerId = UUID.randomUUID();
    private final String question;
    private final int topK;
    private final Map<String, Object> filter;
    private final AnswerGenerator generator;
    private final ModelRoute route;
    private final AtomicReference<Progress> progress = new AtomicReference<>(Progress.NONE);

    ChatExchange(Caller caller, UUID conversationId, String question, int topK, Map<String, Object> filter,
            AnswerGenerator generator, ModelRoute route) {
        this.caller = caller;
        this.followUp = conversationId != null;
        this.conversationId = followUp ? conversationId : UUID.randomUUID();
        this.question = question;
        this.topK = topK;
        this.filter = filter;
        this.generator = generator;
        this.route = route;
    }

    ChatEvent.Meta meta() {
        return new ChatEvent.Meta(conversationId, answerId, generator.provider(), model(), generator.note());
    }

    /** Whether the question continues a conversation (whose history it is searched and answered with). */
    boolean isFollowUp() {
        return followUp;
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

    int topK() {
        return topK;
    }

    Map<String, Object> filter() {
        return filter;
    }

    AnswerGenerator generator() {
        return generator;
    }

    ModelRoute route() {
        return route;
    }

    String model() {
        return route.modelId();
    }

    String provider() {
        return generator.provider();
    }

    long startNanos() {
        return startNanos;
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

    void took(Stage stage, long nanos) {
        update(p -> p.withTiming(stage.timing, nanos / 1_000_000));
    }

    void embeddingCached(boolean cached) {
        update(p -> p.with(p.answer, p.sources, p.usage, cached, p.generationStartNanos, p.firstTokenNanos, p.failure,
                p.written));
    }

    void sources(List<SourceRef> used, int promptTokens) {
        update(p -> p.with(p.answer, used, new Usage(promptTokens, p.usage.completionTokens), p.embeddingCached,
                p.generationStartNanos, p.firstTokenNanos, p.failure, p.written));
    }

    List<SourceRef> sources() {
        return progress.get().sources;
    }

    void generationStarted() {
        long now = System.nanoTime();
        update(p -> p.with(p.answer, p.sources, p.usage, p.embeddingCached, now, p.firstTokenNanos, p.failure, p.written));
    }

    /** Records what the model produced; answers the events the client should see for it. */
    List<ChatEvent> accept(GenerationEvent event) {
        if (event instanceof GenerationEvent.Token token) {
            long now = System.nanoTime();
            update(p -> p.with(new AnswerText(p.answer, token.text()), p.sources, p.usage, p.embeddingCached,
                    p.generationStartNanos, p.firstTokenNanos == 0 ? now : p.firstTokenNanos, p.failure, p.written));
            return List.of(new ChatEvent.Token(token.text()));
        }
        GenerationEvent.Completed completed = (GenerationEvent.Completed) event;
        update(p -> p.with(p.answer, p.sources, new Usage(
                completed.promptTokens() != null ? completed.promptTokens() : p.usage.promptTokens,
                completed.completionTokens()), p.embeddingCached, p.generationStartNanos, p.firstTokenNanos,
                p.failure, p.written));
        return List.of();
    }

    /** The {@code done} event; its timings are the ones the turn is stored with. */
    ChatEvent.Done done() {
        long now = System.nanoTime();
        Progress done = update(p -> {
            Progress timed = p.withTiming("totalMs", (now - startNanos) / 1_000_000);
            if (p.generationStartNanos != 0) {
                timed = timed.withTiming("llmMs", (now - p.generationStartNanos) / 1_000_000);
            }
            return p.firstTokenNanos == 0 ? timed
                    : timed.withTiming("firstTokenMs", (p.firstTokenNanos - startNanos) / 1_000_000);
        });
        return new ChatEvent.Done(done.timings, done.usage.asMap(), done.embeddingCached);
    }

    /** Turns a failure after the stream started into the {@code error} event that ends it. */
    ChatEvent.Failed failed(Throwable error) {
        Problem problem = switch (error) {
            case ProblemException known -> known.toProblem();
            case GenerationException generation -> Problem.of(502, "Bad Gateway", generation.getMessage());
            case TimeoutException timeout -> Problem.of(504, "Gateway Timeout",
                    "The language model stopped answering (ragchat.llm.idle-timeout)");
            case org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException timeout -> Problem.of(504,
                    "Gateway Timeout", "The language model did not start answering in time"
                            + " (quarkus.fault-tolerance.\"llm\".timeout.value)");
            default -> Problem.of(500, "Internal Server Error", "The answer could not be completed.");
        };
        update(p -> p.with(p.answer, p.sources, p.usage, p.embeddingCached, p.generationStartNanos, p.firstTokenNanos,
                new Failure(problem, error), p.written));
        return new ChatEvent.Failed(problem);
    }

    /** The turn was committed before the answer ended; the history writer must not queue it again. */
    void written() {
        update(p -> p.with(p.answer, p.sources, p.usage, p.embeddingCached, p.generationStartNanos, p.firstTokenNanos,
                p.failure, true));
    }

    boolean isWritten() {
        return progress.get().written;
    }

    /** What ended the answer with an {@code error} event, or null. */
    Throwable cause() {
        Failure failure = progress.get().failure;
        return failure == null ? null : failure.cause;
    }

    /** Nanoseconds from the question to the first token, or -1 when none came. */
    long firstTokenNanos() {
        long firstToken = progress.get().firstTokenNanos;
        return firstToken == 0 ? -1 : firstToken - startNanos;
    }

    Turn toTurn(boolean cancelled) {
        Progress p = progress.get();
        // A failure also cancels the stream behind it, so it is checked first: the turn failed.
        Turn.Status status = p.failure != null ? Turn.Status.failed : cancelled ? Turn.Status.cancelled : Turn.Status.complete;
        Map<String, Long> timings = p.timings.containsKey("totalMs") ? p.timings
                : p.withTiming("totalMs", (System.nanoTime() - startNanos) / 1_000_000).timings;
        return new Turn(caller, conversationId, followUp, questionId, question, started.atOffset(ZoneOffset.UTC), answerId,
                AnswerText.join(p.answer), status, generator.provider(), model(), p.sources, timings, p.usage.asMap(),
                p.failure == null ? null : p.failure.problem.detail(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    private Progress update(UnaryOperator<Progress> change) {
        return progress.updateAndGet(change);
    }

    /** What has happened to the question so far. */
    private record Progress(Map<String, Long> timings, AnswerText answer, List<SourceRef> sources, Usage usage,
            boolean embeddingCached, long generationStartNanos, long firstTokenNanos, Failure failure, boolean written) {

        static final Progress NONE = new Progress(Map.of(), null, List.of(), new Usage(null, null), false, 0, 0, null,
                false);

        Progress with(AnswerText answer, List<SourceRef> sources, Usage usage, boolean embeddingCached,
                long generationStartNanos, long firstTokenNanos, Failure failure, boolean written) {
            return new Progress(timings, answer, sources, usage, embeddingCached, generationStartNanos, firstTokenNanos,
                    failure, written);
        }

        Progress withTiming(String name, long millis) {
            Map<String, Long> more = new LinkedHashMap<>(timings);
            more.put(name, millis);
            return new Progress(Collections.unmodifiableMap(more), answer, sources, usage, embeddingCached,
                    generationStartNanos, firstTokenNanos, failure, written);
        }
    }

    /** The answer's tokens, newest first: adding one copies nothing, and the text is joined once, at the end. */
    private record AnswerText(AnswerText before, String token) {

        static String join(AnswerText last) {
            Deque<String> tokens = new ArrayDeque<>();
            for (AnswerText t = last; t != null; t = t.before) {
                tokens.push(t.token);
            }
            return String.join("", tokens);
        }
    }

    private record Usage(Integer promptTokens, Integer completionTokens) {

        Map<String, Integer> asMap() {
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

    private record Failure(Problem problem, Throwable cause) {
    }
}
