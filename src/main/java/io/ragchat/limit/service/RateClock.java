package io.ragchat.limit.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.github.bucket4j.TimeMeter;

/**
 * The clock the question rate counts by: the JVM's monotonic nanoseconds, never the wall clock, which may
 * jump. A bean, so that a test can enable one it moves instead of waiting for buckets to refill.
 */
@Singleton
class RateClock {

    @Produces
    @Singleton
    TimeMeter monotonic() {
        return TimeMeter.SYSTEM_NANOTIME;
    }
}
