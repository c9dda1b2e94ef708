package io.ragchat.history.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.ragchat.database.DatabaseUnavailableException;
import io.ragchat.history.config.HistoryConfig;
import io.ragchat.metrics.StageMetrics;
import io.ragchat.security.Caller;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Writes conversation turns off the response path, through a bounded {@link ManagedExecutor}: the user
 * has the whole answer before the database sees it. Until a turn is committed it stays readable here, so
 * the next question of the same conversation sees it even if it arrives first (on this replica: a follow-up
 * routed to another replica within the few milliseconds before the commit would not; sticky sessions or
 * {@code ragchat.history.write-before-answer} close that gap).
 *
 * <p>
 * While PostgreSQL cannot be reached, turns wait here, in the order they were accepted, and are written
 * one after the other once it is back: a replay retried with a growing pause (1 s doubling to 15 s), so
 * each conversation's turns reach the database in order. At most {@code ragchat.history.queue-size} turns
 * wait; past that the newest is dropped (each conversation keeps an unbroken beginning), counted in
 * {@code ragchat.history.dropped} and logged at most once a minute. A turn the database refuses for any
 * other reason is counted in {@code ragchat.history.write.failures} and logged. On shutdown the queue is
 * drained for up to {@code ragchat.history.drain-timeout}. Waiting turns live in this process's memory:
 * a process killed without a shutdown (kill -9, out of memory) loses them.
 */
@ApplicationScoped
public class HistoryWriter {

    private static final Duration FIRST_REPLAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_REPLAY_PAUSE = Duration.ofSeconds(15);
    private static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

    private final ManagedExecutor executor;
    private final HistoryStore store;
    private final HistoryConfig config;
    private final Vertx vertx;
    private final Map<UUID, List<Turn>> unwritten = new ConcurrentHashMap<>();
    /** Conversations with an answer streaming, and whose they are: they exist before any turn is written. */
    private final Map<UUID, Answering> answering = new ConcurrentHashMap<>();
    /** Turns waiting for the database to come back, by the order they were accepted in. */
    private final ConcurrentSkipListMap<Long, Turn> waiting = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final AtomicLong lastDropReport = new AtomicLong(System.nanoTime() - DROP_REPORT_INTERVAL.toNanos());
    private final Counter failures;
    private final Counter dropped;
    private final Counter written;
    private final StageMetrics metrics;
    private final Tracer tracer;
    private volatile Duration replayPause = FIRST_REPLAY;

    HistoryWriter(HistoryStore store, HistoryConfig config, MeterRegistry registry, StageMetrics metrics, Vertx vertx,
            Tracer tracer) {
        this.metrics = metrics;
        this.store = store;
        this.config = config;
        this.vertx = vertx;
        this.tracer = tracer;
        // Nothing of the request travels with a turn: the request has ended by the time it is written.
        this.executor = ManagedExecutor.builder()
                .maxAsync(config.writers())
                .maxQueued(config.queueSize())
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
        registry.gauge("ragchat.history.queue.depth", queued);
        registry.gauge("ragchat.history.waiting", waiting, Map::size);
        this.failures = registry.counter("ragchat.history.write.failures");
        this.dropped = registry.counter("ragchat.history.dropped");
        this.written = registry.counter("ragchat.history.writes");
    }

    /**
     * Queues a turn for writing and returns at once. Its commit is traced as a {@code history commit} span
     * in the request's trace ({@code trace}), though the request has ended by then.
     */
    public void submit(Turn turn, Context trace) {
        if (queued.incrementAndGet() > config.queueSize()) {
            queued.decrementAndGet();
            drop(turn);
            return;
        }
        long order = sequence.incrementAndGet();
        unwritten.computeIfAbsent(turn.conversationId(), id -> new CopyOnWriteArrayList<>()).add(turn);
        if (!waiting.isEmpty()) {
            waitForDatabase(order, turn); // behind the turns already waiting, never ahead of them
            return;
        }
        try {
            executor.runAsync(trace.wrap(() -> write(order, turn)));
        } catch (RejectedExecutionException e) {
            waiting.put(order, turn); // shutting down: the drain writes it
        }
    }

    /** Writes a turn now, on a worker thread, for callers that wait for the commit. */
    public Uni<Void> writeNow(Turn turn) {
        return Uni.createFrom().item(() -> {
            long start = System.nanoTime();
            store.write(turn);
            committed(turn, start);
            return turn;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    /**
     * Marks an answer of this conversation as streaming. Its id reached the client with the first event, so
     * a follow-up (a user who pressed Stop and asks again at once) may arrive before the turn is handed over.
     */
    public void answerStarted(UUID conversationId, Caller caller) {
        answering.merge(conversationId, new Answering(caller, 1),
                (now, started) -> new Answering(now.caller(), now.answers() + 1));
    }

    /** The answer ended and its turn was handed over ({@link #submit}) or written: called after either. */
    public void answerEnded(UUID conversationId) {
        answering.computeIfPresent(conversationId,
                (id, now) -> now.answers() == 1 ? null : new Answering(now.caller(), now.answers() - 1));
    }

    /**
     * Whether the caller has an answer of this conversation streaming now. Asked before {@link #unwritten},
     * it leaves no gap: an answer that ends in between has handed its turn over first.
     */
    public boolean isAnswering(UUID conversationId, Caller caller) {
        Answering now = answering.get(conversationId);
        return now != null && now.caller().equals(caller);
    }

    private record Answering(Caller caller, int answers) {
    }

    /**
     * Turns of this conversation accepted but not yet committed, oldest first: a copy, taken before the
     * caller reads the database. A live list would lose a turn committed while the caller's read was under
     * way (emptied after the commit, which the read did not see yet), and a follow-up would find neither
     * the turn nor its conversation (a 404 on a follow-up, or a prompt without the previous turn).
     */
    public List<Turn> unwritten(UUID conversationId) {
        return List.copyOf(unwritten.getOrDefault(conversationId, List.of()));
    }

    /** The conversations with turns not yet committed, each with those turns. */
    public Map<UUID, List<Turn>> unwritten() {
        return Map.copyOf(unwritten);
    }

    private void write(long order, Turn turn) {
        if (!waiting.isEmpty()) {
            waitForDatabase(order, turn); // the database went away while this turn sat in the queue
            return;
        }
        attempt(order, turn);
    }

    /** One write; answers whether the database could be reached (a refused turn counts as reached). */
    private boolean attempt(long order, Turn turn) {
        long start = System.nanoTime();
        // Traced only as part of a traced request (the submitting request's context is current here; a
        // replay after an outage runs outside it and is not traced). The request's own span has often ended
        // by now, so it is asked whether it was sampled, not whether it still records.
        Span span = Span.current().getSpanContext().isSampled() ? tracer.spanBuilder("history commit").startSpan()
                : Span.getInvalid();
        try (Scope ignored = span.makeCurrent()) {
            store.write(turn);
            committed(turn, start);
            forget(turn);
            waiting.remove(order);
            return true;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            // The store's own timeout: the database took the connection but did not answer.
            if (DatabaseUnavailableException.isCause(e) || e instanceof TimeoutException) {
                waitForDatabase(order, turn);
                return false;
            }
            waiting.remove(order);
            failed(turn, "the database refused it after retries", e);
            return true;
        } finally {
            span.end();
        }
    }

    private void waitForDatabase(long order, Turn turn) {
        waiting.put(order, turn);
        if (replaying.compareAndSet(false, true)) {
            Log.warnf("History: the database is not reachable; turns wait in memory (%d now, at most %d)",
                    queued.get(), config.queueSize());
            replayLater(FIRST_REPLAY);
        }
    }

    private void replayLater(Duration pause) {
        replayPause = pause;
        vertx.setTimer(pause.toMillis(), id -> {
            try {
                executor.runAsync(this::replay);
            } catch (RejectedExecutionException shuttingDown) {
                // the drain takes the waiting turns over
            }
        });
    }

    /** Writes the waiting turns oldest first; stops at the first that cannot reach the database. */
    private void replay() {
        while (true) {
            Map.Entry<Long, Turn> next = waiting.firstEntry();
            if (next == null) {
                replaying.set(false);
                if (!waiting.isEmpty() && replaying.compareAndSet(false, true)) {
                    continue; // a turn arrived while we finished
                }
                Log.info("History: the database is back; the waiting turns are written");
                return;
            }
            if (!attempt(next.getKey(), next.getValue())) {
                replayLater(min(replayPause.multipliedBy(2), LONGEST_REPLAY_PAUSE));
                return;
            }
        }
    }

    private void committed(Turn turn, long startNanos) {
        metrics.stage("history_commit", turn.provider(), turn.model(), System.nanoTime() - startNanos);
        written.increment();
    }

    private void failed(Turn turn, String why, Exception e) {
        failures.increment();
        forget(turn);
        Log.errorf(e, "Lost history turn %s of conversation %s: %s (question: %d chars, answer: %d chars, status %s)",
                turn.answerId(), turn.conversationId(), why, turn.question().length(), turn.answer().length(),
                turn.status());
    }

    /** The queue is full: the newest turn is not kept. Reported at most once a minute, with the count. */
    private void drop(Turn turn) {
        dropped.increment();
        droppedSinceReport.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropReport.get();
        if (now - last >= DROP_REPORT_INTERVAL.toNanos() && lastDropReport.compareAndSet(last, now)) {
            Log.errorf("History queue full (ragchat.history.queue-size=%d): %d turns dropped since the last report, "
                    + "the latest turn %s of conversation %s", config.queueSize(), droppedSinceReport.getAndSet(0),
                    turn.answerId(), turn.conversationId());
        }
    }

    private void forget(Turn turn) {
        queued.decrementAndGet();
        unwritten.computeIfPresent(turn.conversationId(), (id, turns) -> {
            turns.remove(turn);
            return turns.isEmpty() ? null : turns;
        });
    }

    /**
     * Runs before the database pools close: the writers finish, then the turns still waiting for the
     * database get until {@code ragchat.history.drain-timeout} to reach it.
     */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        executor.shutdown();
        try {
            executor.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            for (Map.Entry<Long, Turn> next = waiting.firstEntry(); next != null && System.nanoTime() < deadline;
                    next = waiting.firstEntry()) {
                if (!attempt(next.getKey(), next.getValue())) {
                    Thread.sleep(Math.min(FIRST_REPLAY.toMillis(), Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (queued.get() > 0) {
            Log.errorf("History queue not drained within %s: %d turns not written", config.drainTimeout(), queued.get());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
