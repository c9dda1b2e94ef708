package io.ragchat.limit.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.TimeMeter;
import io.ragchat.limit.config.LimitConfig;
import io.ragchat.problem.ProblemException;
import io.ragchat.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Admits questions: a caller within its rate gets an answer if a stream slot is free, for itself and on this
 * replica; otherwise the question is refused at once (429 or 503 with {@code Retry-After}), before anything
 * is read or written. The slot is taken when the answer starts and given back exactly once however it ends:
 * complete, failed, cut by its deadline, or cancelled by a client that went away.
 */
@ApplicationScoped
public class RequestLimits {

    private final LimitConfig config;
    private final LimitMetrics metrics;
    private final TokenBuckets questions;
    private final StreamSlots streams;

    RequestLimits(LimitConfig config, LimitMetrics metrics, TimeMeter clock) {
        this.config = config;
        this.metrics = metrics;
        this.questions = config.questionsPerMinute() > 0
                ? new TokenBuckets(config.questionsPerMinute(), config.questionBurst(), clock)
                : null;
        this.streams = new StreamSlots(config.streamsPerUser(), config.streamsTotal());
    }

    /** The caller's answer, streamed: the rate is checked now, the slot taken when the stream is subscribed to. */
    public <T> Multi<T> admit(Caller caller, Multi<T> answer) {
        checkRate(caller);
        return Multi.createFrom().deferred(() -> {
            StreamSlots.Slot slot = slotFor(caller);
            return answer.onTermination().invoke(slot::release);
        });
    }

    /** The caller's answer, whole: as {@link #admit(Caller, Multi)}. */
    public <T> Uni<T> admit(Caller caller, Uni<T> answer) {
        checkRate(caller);
        return Uni.createFrom().deferred(() -> {
            StreamSlots.Slot slot = slotFor(caller);
            return answer.onTermination().invoke(slot::release);
        });
    }

    /** Answers in progress on this replica. */
    public int streamsInUse() {
        return streams.inUse();
    }

    private void checkRate(Caller caller) {
        if (questions == null) {
            return;
        }
        long waitNanos = questions.take(caller.key());
        if (waitNanos > 0) {
            metrics.rejected(Rejection.rate);
            long seconds = Math.max(1, (long) Math.ceil(waitNanos / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new ProblemException(429, "Too Many Requests", "More than "
                    + format(config.questionsPerMinute()) + " questions a minute (bursts of " + config.questionBurst()
                    + ", ragchat.limit.questions-per-minute); try again in " + seconds + " s", seconds);
        }
    }

    private StreamSlots.Slot slotFor(Caller caller) {
        try {
            return streams.acquire(caller.key());
        } catch (StreamSlots.CapReached full) {
            metrics.rejected(full.reason());
            long seconds = Math.max(1, config.busyRetryAfter().toSeconds());
            String detail = full.reason() == Rejection.user_streams
                    ? "You already have " + config.streamsPerUser() + " answers in progress "
                            + "(ragchat.limit.streams-per-user); ask again when one has ended"
                    : "The service is answering as many questions as it can (ragchat.limit.streams-total); "
                            + "try again shortly";
            throw new ProblemException(503, "Service Unavailable", detail, seconds);
        }
    }

    private static String format(double perMinute) {
        return perMinute == Math.rint(perMinute) ? String.valueOf((long) perMinute) : String.valueOf(perMinute);
    }
}
