package io.ragchat.testing.llm;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One simulated generation, paced on the event loop: wait for the model to load, wait the prefill
 * time, then emit the answer tokens one decode interval apart, and finish. Tokens are scheduled on
 * absolute due times ({@code first token + i × interval}), so timer granularity never adds up to drift,
 * and rates above 1,000 tokens/s simply emit several tokens per 1 ms timer tick.
 *
 * <p>The protocol's framing is the {@link Sink}'s business. This class guarantees that the sink sees
 * tokens, then exactly one of {@code done} or {@code failed} — or nothing more once the client has
 * closed the connection: the response's close handler cancels the pending timer and no write follows.
 *
 * <p>Not thread-safe: everything runs on the event loop that owns the connection.
 */
final class Generation {

    /** Writes one protocol's framing of a generation. */
    interface Sink {
        void token(String text);

        void done(Completion completion);

        void failed(String message);
    }

    /**
     * What a finished generation reports, timings in nanoseconds as Ollama reports them.
     *
     * @param finishReason {@code stop}, or {@code length} when the request's token limit cut the answer
     */
    record Completion(String finishReason, int promptTokens, int evalCount, long totalNanos, long loadNanos,
            long promptEvalNanos, long evalNanos) {
    }

    /**
     * What a generation will do, fixed when the request arrives.
     *
     * @param question the prompt's last user message, recorded with the generation's timings
     * @param tokens the answer, one element per token
     * @param keepAlive how long the model stays loaded after this request
     */
    record Plan(String question, List<String> tokens, int promptTokens, String finishReason, long prefillNanos,
            long decodeIntervalNanos, Duration keepAlive) {

        /**
         * The plan for {@code prompt} under {@code profile}; {@code tokenLimit} (a request's
         * {@code num_predict} or {@code max_tokens}, when positive) caps the answer as it does in a model.
         */
        static Plan of(SimulatorProfile profile, Prompt prompt, Optional<Integer> tokenLimit, Duration keepAlive) {
            List<String> scripted = profile.scriptedAnswer() == null ? null : ScriptedAnswer.tokens(profile.scriptedAnswer());
            int length = scripted == null ? profile.answerTokens() : scripted.size();
            String finishReason = "stop";
            if (tokenLimit.isPresent() && tokenLimit.get() > 0 && tokenLimit.get() < length) {
                length = tokenLimit.get();
                finishReason = "length";
            }
            int promptTokens = prompt.estimatedTokens();
            List<String> tokens = scripted == null ? EchoAnswer.tokens(prompt, length, profile.newlineEveryTokens())
                    : scripted.subList(0, length);
            return new Plan(prompt.question(), tokens, promptTokens,
                    finishReason, profile.prefillNanos(promptTokens),
                    profile.decodeIntervalNanos(), keepAlive);
        }
    }

    private static final int NEVER = -1;

    private final Vertx vertx;
    private final SimulatorStats stats;
    private final ModelRegistry.Lease lease;
    private final Plan plan;
    private final Sink sink;
    private final long receivedAt;
    private final int failAt;
    private final String failMessage;
    private final int stallAt;

    private boolean finished;
    private long timerId = NEVER;
    private int sent;
    private long startedAt;
    private long loadedAt;
    private long firstTokenDueAt;
    private long firstTokenAt;

    /**
     * @param fault the injected fault this request met, if any ({@link Fault.FailAfterTokens} and
     *     {@link Fault.StallAfterTokens} play out here; the caller answers the others)
     */
    Generation(Vertx vertx, SimulatorStats stats, ModelRegistry.Lease lease, Plan plan, Optional<Fault> fault,
            Sink sink, long receivedAt) {
        this.vertx = vertx;
        this.stats = stats;
        this.lease = lease;
        this.plan = plan;
        this.sink = sink;
        this.receivedAt = receivedAt;
        Fault met = fault.orElse(null);
        this.failAt = met instanceof Fault.FailAfterTokens fail ? fail.tokens() : NEVER;
        this.failMessage = met instanceof Fault.FailAfterTokens fail ? fail.message() : null;
        this.stallAt = met instanceof Fault.StallAfterTokens stall ? stall.tokens() : NEVER;
    }

    /** Starts generating; {@code response} is watched so that a client that goes away stops it. */
    void start(HttpServerResponse response) {
        stats.streamStarted(this);
        // The close handler is how a client's disconnect reaches us: for HTTP/1.x Vert.x calls it when the
        // connection closes before the response ended. A failed write closes the connection too.
        response.closeHandler(closed -> cancel());
        response.exceptionHandler(error -> cancel());
        startedAt = System.nanoTime();
        lease.loaded().onComplete(loaded -> prefill());
    }

    String question() {
        return plan.question();
    }

    private void prefill() {
        if (finished) {
            return;
        }
        loadedAt = System.nanoTime();
        firstTokenDueAt = loadedAt + plan.prefillNanos();
        emitDueTokens();
    }

    private void emitDueTokens() {
        timerId = NEVER;
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        List<String> tokens = plan.tokens();
        while (true) {
            if (sent == tokens.size() && sent != failAt && sent != stallAt) {
                complete(now);
                return;
            }
            long wait = dueAt(sent) - now;
            if (wait > 0) {
                timerId = vertx.setTimer(Math.max(1, (wait + 999_999) / 1_000_000), id -> emitDueTokens());
                return;
            }
            if (sent == failAt) {
                fail();
                return;
            }
            if (sent == stallAt) {
                return; // stalled: no timer, no write; the connection stays open until someone closes it
            }
            if (sent == 0) {
                firstTokenAt = now;
            }
            sink.token(tokens.get(sent++));
            stats.tokenSent();
        }
    }

    private long dueAt(int token) {
        return firstTokenDueAt + token * plan.decodeIntervalNanos();
    }

    private void complete(long now) {
        finished = true;
        lease.release(plan.keepAlive());
        stats.streamCompleted(this);
        stats.generationEnded(record(now, GenerationRecord.Outcome.COMPLETED));
        long firstToken = sent == 0 ? now : firstTokenAt;
        sink.done(new Completion(plan.finishReason(), plan.promptTokens(), sent, now - receivedAt,
                loadedAt - startedAt, firstToken - loadedAt, now - firstToken));
    }

    private void fail() {
        finished = true;
        lease.release(plan.keepAlive());
        stats.streamFailed(this);
        stats.generationEnded(record(System.nanoTime(), GenerationRecord.Outcome.FAILED));
        sink.failed(failMessage);
    }

    private void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        if (timerId != NEVER) {
            vertx.cancelTimer(timerId);
            timerId = NEVER;
        }
        lease.release(plan.keepAlive());
        stats.streamCancelled(this);
        stats.generationEnded(record(System.nanoTime(), GenerationRecord.Outcome.CANCELLED));
    }

    private GenerationRecord record(long endedAt, GenerationRecord.Outcome outcome) {
        return new GenerationRecord(lease.model(), plan.question(), plan.promptTokens(), sent, receivedAt,
                loadedAt == 0 ? -1 : loadedAt - startedAt, firstTokenAt == 0 ? -1 : firstTokenAt - receivedAt,
                endedAt - receivedAt, outcome);
    }
}
