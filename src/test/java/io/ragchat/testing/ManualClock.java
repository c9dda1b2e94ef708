package io.ragchat.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.github.bucket4j.TimeMeter;

/**
 * A monotonic clock that stands still until the test moves it: rate limits refill when the test says, not
 * after real seconds. Enabled in a service by a test profile's alternatives, or built directly.
 */
@Alternative
@Singleton
public class ManualClock implements TimeMeter {

    // Far from zero, as System.nanoTime() may be: nothing may assume the clock starts at 0.
    private final AtomicLong nanos = new AtomicLong(Duration.ofDays(3).toNanos());

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
