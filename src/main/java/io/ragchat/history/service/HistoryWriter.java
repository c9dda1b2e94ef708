package io.ragchat.history.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.ragchat.chat.service.ChatMetrics;
import io.ragchat.history.config.HistoryConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Writes conversation turns off the response path, through a bounded {@link ManagedExecutor}: the user
 * has the whole answer before the database sees it. Until a turn is committed it stays readable here, so
 * the next question of the same conversation sees it even if it arrives first (on this replica: a follow-up
 * routed to another replica within the few milliseconds before the commit would not; sticky sessions or
 * {@code ragchat.history.write-before-answer} close that gap). On shutdown the queue is
 * drained. A turn that cannot be written, or finds the queue full, is counted and logged, never dropped
 * silently.
 */
@ApplicationScoped
public class HistoryWriter {

    private final ManagedExecutor executor;
    private final HistoryStore store;
    private final HistoryConfig config;
    private final Map<UUID, List<Turn>> unwritten = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter failures;
    private final Counter written;
    private final ChatMetrics metrics;

    HistoryWriter(HistoryStore store, HistoryConfig config, MeterRegistry registry, ChatMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.config = config;
        // Nothing of the request travels with a turn: the request has ended by the time it is written.
        this.executor = ManagedExecutor.builder()
                .maxAsync(config.writers())
                .maxQueued(config.queueSize())
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
        registry.gauge("ragchat.history.queue.depth", queued);
        this.failures = registry.counter("ragchat.history.write.failures");
        this.written = registry.counter("ragchat.history.writes");
    }

    /** Queues a turn for writing and returns at once. */
    public void submit(Turn turn) {
        unwritten.computeIfAbsent(turn.conversationId(), id -> new CopyOnWriteArrayList<>()).add(turn);
        queued.incrementAndGet();
        try {
            executor.runAsync(() -> write(turn));
        } catch (RejectedExecutionException e) {
            failed(turn, "the history queue is full (ragchat.history.queue-size=" + config.queueSize() + ")", e);
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

    private void write(Turn turn) {
        long start = System.nanoTime();
        try {
            store.write(turn);
            committed(turn, start);
            forget(turn);
        } catch (RuntimeException e) {
            failed(turn, "the database refused it after retries", e);
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

    private void forget(Turn turn) {
        queued.decrementAndGet();
        unwritten.computeIfPresent(turn.conversationId(), (id, turns) -> {
            turns.remove(turn);
            return turns.isEmpty() ? null : turns;
        });
    }

    /** Runs before the database pools close, so every accepted turn still reaches the database. */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                Log.errorf("History queue not drained within %s: %d turns not written", config.drainTimeout(),
                        queued.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
