package io.ragchat.history.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
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

/**
 * Writes conversation turns off the response path: the user has the whole answer before the database sees
 * it. Every accepted turn goes into one queue ({@link TurnQueue}) and stays there, readable, until it is
 * committed, so the next question of the same conversation sees it even if it arrives first (on this
 * replica: a follow-up routed to another replica within the few milliseconds before the commit would not;
 * sticky sessions or {@code ragchat.history.write-before-answer} close that gap).
 *
 * <p>
 * Up to {@code ragchat.history.writers} turns are written at once, on a {@link ManagedExecutor}, oldest
 * first and each conversation's in order. A write that cannot reach the database keeps its turn and tries
 * again after about 1 s, the pause doubling to 15 s (Mutiny's back-off), until the database answers; the
 * other turns wait behind it. At most {@code ragchat.history.queue-size} turns wait; past that the newest
 * is dropped (each conversation keeps an unbroken beginning), counted in {@code ragchat.history.dropped} and
 * logged at most once a minute. A turn the database refuses for any other reason is counted in
 * {@code ragchat.history.write.failures} and logged. Shutdown waits until the queue is empty, for up to
 * {@code ragchat.history.drain-timeout}. Waiting turns live in this process's memory: a process killed
 * without a shutdown (kill -9, out of memory) loses them.
 */
@ApplicationScoped
public class HistoryWriter {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(15);
    private static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

    private final ManagedExecutor executor;
    private final HistoryStore store;
    private final HistoryConfig config;
    private final TurnQueue queue;
    /** Conversations with an answer streaming, and whose they are: they exist before any turn is written. */
    private final Map<UUID, Answering> answering = new ConcurrentHashMap<>();
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final AtomicLong lastDropReport = new AtomicLong(System.nanoTime() - DROP_REPORT_INTERVAL.toNanos());
    private final Counter failures;
    private final Counter dropped;
    private final Counter written;
    private final StageMetrics metrics;
    private final Tracer tracer;

    HistoryWriter(HistoryStore store, HistoryConfig config, MeterRegistry registry, StageMetrics metrics, Tracer tracer) {
        this.metrics = metrics;
        this.store = store;
        this.config = config;
        this.tracer = tracer;
        this.queue = new TurnQueue(config.queueSize());
        // Nothing of the request travels with a turn: the request has ended by the time it is written. The
        // queue hands out at most `writers` turns at once, so the executor needs no bound of its own.
        this.executor = ManagedExecutor.builder()
                .maxAsync(config.writers())
                .maxQueued(-1)
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
        registry.gauge("ragchat.history.queue.depth", queue, TurnQueue::size);
        registry.gauge("ragchat.history.waiting", queue, TurnQueue::waiting);
        this.failures = registry.counter("ragchat.history.write.failures");
        this.dropped = registry.counter("ragchat.history.dropped");
        this.written = registry.counter("ragchat.history.writes");
    }

    /**
     * Queues a turn for writing and returns at once. Its commit is traced as a {@code history commit} span
     * in the request's trace ({@code trace}), though the request has ended by then.
     */
    public void submit(Turn turn, Context trace) {
        if (!queue.offer(turn, trace)) {
            drop(turn);
            return;
        }
        writeWhatMayBeWritten();
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
     * caller reads the database. A live view would lose a turn committed while the caller's read was under
     * way (gone from the queue after the commit, which the read did not see yet), and a follow-up would find
     * neither the turn nor its conversation (a 404 on a follow-up, or a prompt without the previous turn).
     */
    public List<Turn> unwritten(UUID conversationId) {
        return queue.of(conversationId);
    }

    /** The conversations with turns not yet committed, each with those turns. */
    public Map<UUID, List<Turn>> unwritten() {
        return queue.byConversation();
    }

    /** Starts a write for each turn the queue hands out, until it hands out none. */
    private void writeWhatMayBeWritten() {
        for (TurnQueue.Entry next = queue.take(config.writers()); next != null; next = queue.take(config.writers())) {
            write(next);
        }
    }

    private void write(TurnQueue.Entry entry) {
        Uni.createFrom().item(() -> commit(entry))
                .runSubscriptionOn(executor)
                .onFailure(HistoryWriter::unreachable).invoke(this::waitForDatabase)
                .onFailure(HistoryWriter::unreachable).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY_PAUSE)
                .indefinitely()
                .subscribe().with(this::committed, failure -> failed(entry, failure));
    }

    /** One attempt, on a writer thread; past the store's own quick retries it throws. */
    private TurnQueue.Entry commit(TurnQueue.Entry entry) {
        long start = System.nanoTime();
        try (Scope request = entry.trace.makeCurrent()) {
            // Traced only as part of a traced request. The request's own span has often ended by now, so it
            // is asked whether it was sampled, not whether it still records.
            Span span = Span.current().getSpanContext().isSampled() ? tracer.spanBuilder("history commit").startSpan()
                    : Span.getInvalid();
            try (Scope ignored = span.makeCurrent()) {
                store.write(entry.turn);
            } catch (RuntimeException e) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
                throw e;
            } finally {
                span.end();
            }
        }
        committed(entry.turn, start);
        return entry;
    }

    /** The store's own timeout counts too: the database took the connection but did not answer. */
    private static boolean unreachable(Throwable failure) {
        return DatabaseUnavailableException.isCause(failure) || failure instanceof TimeoutException;
    }

    private void waitForDatabase() {
        if (queue.databaseAway()) {
            Log.warnf("History: the database is not reachable; turns wait in memory (%d now, at most %d)",
                    queue.size(), config.queueSize());
        }
    }

    private void committed(TurnQueue.Entry entry) {
        if (queue.committed(entry)) {
            Log.infof("History: the database is back; %d turns still to write", queue.size());
        }
        writeWhatMayBeWritten();
    }

    private void committed(Turn turn, long startNanos) {
        metrics.stage("history_commit", turn.provider(), turn.model(), System.nanoTime() - startNanos);
        written.increment();
    }

    private void failed(TurnQueue.Entry entry, Throwable failure) {
        queue.abandoned(entry);
        failures.increment();
        Turn turn = entry.turn;
        Log.errorf(failure, "Lost history turn %s of conversation %s: %s (question: %d chars, answer: %d chars, status %s)",
                turn.answerId(), turn.conversationId(),
                failure instanceof RejectedExecutionException ? "it arrived after the writers stopped"
                        : "the database refused it after retries",
                turn.question().length(), turn.answer().length(), turn.status());
        writeWhatMayBeWritten();
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

    /**
     * Runs before the database pools close: returns as soon as the queue is empty (the writers keep
     * retrying while the database is down), or after {@code ragchat.history.drain-timeout} with the count
     * of the turns not written.
     */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        boolean drained = Uni.createFrom().completionStage(queue::emptied).replaceWith(true)
                .ifNoItem().after(config.drainTimeout()).recoverWithItem(false)
                .await().indefinitely();
        if (!drained) {
            Log.errorf("History queue not drained within %s: %d turns not written", config.drainTimeout(), queue.size());
        }
        executor.shutdown();
    }
}
