package io.ragchat.limit.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller: a caller may spend up to {@code burst} tokens at once, and gets them back
 * at {@code perMinute}. A bucket left alone until it is full again is the same as no bucket, so such buckets
 * are dropped: memory holds only the callers that asked within the last refill time or two, however many
 * callers there are in all.
 */
final class TokenBuckets {

    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final long sweepIntervalNanos;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    TokenBuckets(double perMinute, int burst, LongSupplier nanoClock) {
        if (perMinute <= 0 || burst < 1) {
            throw new IllegalArgumentException("A token bucket needs a positive rate and a burst of at least 1");
        }
        this.tokensPerNano = perMinute / TimeUnit.MINUTES.toNanos(1);
        this.burst = burst;
        this.nanoClock = nanoClock;
        // An idle bucket is full after this long; sweeping at that pace keeps at most two such periods' callers.
        this.sweepIntervalNanos = Math.max(TimeUnit.SECONDS.toNanos(1), (long) Math.ceil(burst / tokensPerNano));
        this.nextSweep = new AtomicLong(nanoClock.getAsLong() + sweepIntervalNanos);
    }

    /** Takes a token from the caller's bucket: 0 when it had one, otherwise the nanoseconds until it will. */
    long take(String key) {
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        long[] wait = new long[1];
        buckets.compute(key, (k, bucket) -> {
            Bucket b = bucket == null ? new Bucket(now) : bucket;
            wait[0] = b.take(now);
            return b;
        });
        return wait[0];
    }

    /** Callers with a bucket in memory. */
    int tracked() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + sweepIntervalNanos)) {
            return;
        }
        // Per key and atomic with take(): a bucket is only dropped while nobody is taking from it.
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> bucket.isFull(now) ? null : bucket);
        }
    }

    /** Guarded by the map: only touched inside compute. */
    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / tokensPerNano);
        }

        boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * tokensPerNano);
            updated = now;
        }
    }
}
