package io.ragchat.limit.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers in progress, per caller and in total, each capped. A full cap refuses at once: nothing waits
 * here. Callers with no answer in progress take no memory.
 */
final class StreamSlots {

    private final int perUser;
    private final int total;
    private final AtomicInteger inUse = new AtomicInteger();
    private final ConcurrentMap<String, Integer> perKey = new ConcurrentHashMap<>();

    StreamSlots(int perUser, int total) {
        this.perUser = perUser;
        this.total = total;
    }

    /** A slot for one more answer of this caller, or the cap that is full. */
    Slot acquire(String key) throws CapReached {
        boolean[] userFull = new boolean[1];
        perKey.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perUser) {
                userFull[0] = true;
                return count;
            }
            return current + 1;
        });
        if (userFull[0]) {
            throw new CapReached(Rejection.user_streams);
        }
        for (int current = inUse.get(); ; current = inUse.get()) {
            if (current >= total) {
                releaseUser(key);
                throw new CapReached(Rejection.total_streams);
            }
            if (inUse.compareAndSet(current, current + 1)) {
                return new Slot(key);
            }
        }
    }

    /** Answers in progress on this replica. */
    int inUse() {
        return inUse.get();
    }

    /** Callers with at least one answer in progress. */
    int callers() {
        return perKey.size();
    }

    private void releaseUser(String key) {
        perKey.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    /** One answer's place; giving it back twice is harmless, so every way an answer ends may do it. */
    final class Slot {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String key) {
            this.key = key;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                releaseUser(key);
                inUse.decrementAndGet();
            }
        }
    }

    /** Which cap refused the answer. */
    static final class CapReached extends Exception {
        private final Rejection reason;

        CapReached(Rejection reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        Rejection reason() {
            return reason;
        }
    }
}
