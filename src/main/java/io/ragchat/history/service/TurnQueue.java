package io.ragchat.history.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.opentelemetry.context.Context;

/**
 * The history writer's one queue: the turns accepted and not yet committed, oldest first. A turn stays in it
 * while it is written, so it is read from here until the database has it, and leaves it once committed or
 * given up. One lock guards it; no operation waits for the database while holding it.
 */
final class TurnQueue {

    /** A queued turn and the trace of the request that answered it; {@code taken} once a writer has it. */
    static final class Entry {
        final Turn turn;
        final Context trace;
        private boolean taken;

        private Entry(Turn turn, Context trace) {
            this.turn = turn;
            this.trace = trace;
        }
    }

    private final int capacity;
    /** Identity-keyed (Entry has no equals), in the order the turns were accepted. */
    private final Set<Entry> entries = new LinkedHashSet<>();
    private int taken;
    /** From a write that found the database away until the next commit: every queued turn waits for it. */
    private boolean databaseAway;
    private CompletableFuture<Void> emptied = CompletableFuture.completedFuture(null);

    TurnQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a turn at the end; false, and nothing added, when the queue is full. */
    synchronized boolean offer(Turn turn, Context trace) {
        if (entries.size() >= capacity) {
            return false;
        }
        if (entries.isEmpty()) {
            emptied = new CompletableFuture<>();
        }
        entries.add(new Entry(turn, trace));
        return true;
    }

    /**
     * The oldest turn a writer may take now, or null: none while {@code writers} turns are being written,
     * and never a turn with an older turn of its conversation still queued, so each conversation's turns
     * reach the database in the order they were accepted.
     */
    synchronized Entry take(int writers) {
        if (taken >= writers) {
            return null;
        }
        Set<UUID> waitingBehind = new HashSet<>();
        for (Entry entry : entries) {
            if (!entry.taken && !waitingBehind.contains(entry.turn.conversationId())) {
                entry.taken = true;
                taken++;
                return entry;
            }
            waitingBehind.add(entry.turn.conversationId());
        }
        return null;
    }

    /** The turn is committed; answers whether the database had been away until now. */
    synchronized boolean committed(Entry entry) {
        boolean wasAway = databaseAway;
        databaseAway = false;
        remove(entry);
        return wasAway;
    }

    /** The turn is given up (the database refused it, or the writers had stopped). */
    synchronized void abandoned(Entry entry) {
        remove(entry);
    }

    /** A write could not reach the database; answers whether that is news. */
    synchronized boolean databaseAway() {
        boolean news = !databaseAway;
        databaseAway = true;
        return news;
    }

    private void remove(Entry entry) {
        if (entries.remove(entry) && entry.taken) {
            taken--;
        }
        if (entries.isEmpty()) {
            emptied.complete(null);
        }
    }

    /** Completes when no turn is queued any more (at once if none is now). */
    synchronized CompletionStage<Void> emptied() {
        return emptied;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The queued turns while the database is away (all of them wait for it), else 0. */
    synchronized int waiting() {
        return databaseAway ? entries.size() : 0;
    }

    /** This conversation's queued turns, oldest first: a copy. */
    synchronized List<Turn> of(UUID conversationId) {
        List<Turn> turns = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.turn.conversationId().equals(conversationId)) {
                turns.add(entry.turn);
            }
        }
        return List.copyOf(turns);
    }

    /** The conversations with queued turns, each with its turns oldest first: a copy. */
    synchronized Map<UUID, List<Turn>> byConversation() {
        Map<UUID, List<Turn>> turns = new LinkedHashMap<>();
        for (Entry entry : entries) {
            turns.computeIfAbsent(entry.turn.conversationId(), id -> new ArrayList<>()).add(entry.turn);
        }
        Map<UUID, List<Turn>> copy = new LinkedHashMap<>();
        turns.forEach((id, list) -> copy.put(id, List.copyOf(list)));
        return copy;
    }
}
