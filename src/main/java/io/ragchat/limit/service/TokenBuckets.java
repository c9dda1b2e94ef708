package io.ragchat.limit.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One Bucket4j token bucket per caller: a caller may spend up to {@code burst} tokens at once, and gets them
 * back at {@code perMinute}. A bucket left alone until it is full again is the same as no bucket, so a bucket
 * not used for the time an empty one takes to fill is dropped: memory holds only the callers that asked
 * within that time, however many callers there are in all.
 */
final class TokenBuckets {

    private final Bandwidth limit;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets;

    TokenBuckets(double perMinute, int burst, TimeMeter clock) {
        if (perMinute <= 0 || burst < 1) {
            throw new IllegalArgumentException("A token bucket needs a positive rate and a burst of at least 1");
        }
        // Bucket4j counts whole tokens per period: the rate, which may be a fraction a minute, is given as the
        // whole burst over the time it takes to come back.
        Duration fill = Duration.ofNanos((long) Math.ceil(burst * TimeUnit.MINUTES.toNanos(1) / perMinute));
        this.limit = Bandwidth.builder().capacity(burst).refillGreedy(burst, fill).build();
        this.clock = clock;
        // Evicted on the callers' own threads, on the same clock: a test that moves the clock sees the same.
        this.buckets = Caffeine.newBuilder().expireAfterAccess(fill).ticker(clock::currentTimeNanos)
                .executor(Runnable::run).build();
    }

    /** Takes a token from the caller's bucket: 0 when it had one, otherwise the nanoseconds until it will. */
    long take(String key) {
        long[] wait = new long[1];
        // Inside compute, so that a bucket is never dropped while a token is being taken from it.
        buckets.asMap().compute(key, (k, bucket) -> {
            Bucket b = bucket != null ? bucket : Bucket.builder().addLimit(limit).withCustomTimePrecision(clock).build();
            ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
            wait[0] = probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
            return b;
        });
        return wait[0];
    }

    /** Callers with a bucket in memory. */
    long tracked() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
