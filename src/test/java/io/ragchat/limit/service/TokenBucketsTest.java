package io.ragchat.limit.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ragchat.testing.ManualClock;

/** The question rate, on a clock the test moves: burst, refill, the wait it reports, and bounded memory. */
class TokenBucketsTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aCallerGetsItsBurstThenOneQuestionPerRefill() {
        TokenBuckets buckets = new TokenBuckets(120, 3, clock); // 2 a second

        assertThat(buckets.take("t/alice")).isZero();
        assertThat(buckets.take("t/alice")).isZero();
        assertThat(buckets.take("t/alice")).isZero();
        long wait = buckets.take("t/alice");
        assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofMillis(500));

        advance(Duration.ofMillis(499));
        assertThat(Duration.ofNanos(buckets.take("t/alice"))).isEqualTo(Duration.ofMillis(1));
        advance(Duration.ofMillis(1));
        assertThat(buckets.take("t/alice")).as("refilled after the wait it reported").isZero();
        assertThat(buckets.take("t/alice")).isPositive();
    }

    @Test
    void aRateOfAFractionAMinuteIsKeptExactly() {
        TokenBuckets buckets = new TokenBuckets(1.5, 2, clock); // one token every 40 s

        spend(buckets, "t/alice", 2);

        assertThat(Duration.ofNanos(buckets.take("t/alice"))).isEqualTo(Duration.ofSeconds(40));
        advance(Duration.ofSeconds(40));
        assertThat(buckets.take("t/alice")).isZero();
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        TokenBuckets buckets = new TokenBuckets(60, 1, clock);

        assertThat(buckets.take("t/alice")).isZero();
        assertThat(buckets.take("t/alice")).isPositive();
        assertThat(buckets.take("t/bob")).isZero();
        assertThat(buckets.take("u/alice")).as("the same user name in another tenant").isZero();
    }

    @Test
    void aQuietCallerNeverGetsMoreThanTheBurst() {
        TokenBuckets buckets = new TokenBuckets(120, 3, clock);
        buckets.take("t/alice");

        advance(Duration.ofHours(1));

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("t/alice")).isZero();
        }
        assertThat(buckets.take("t/alice")).isPositive();
    }

    @Test
    void bucketsOfCallersWhoWentQuietAreDropped() {
        TokenBuckets buckets = new TokenBuckets(120, 3, clock); // full again 1.5 s after the last question
        for (int i = 0; i < 10_000; i++) {
            buckets.take("t/user" + i);
        }
        assertThat(buckets.tracked()).isEqualTo(10_000L);

        advance(Duration.ofSeconds(2));
        buckets.take("t/late");

        assertThat(buckets.tracked()).as("only the caller who just asked").isEqualTo(1L);
    }

    @Test
    void aBucketStillRefillingIsKept() {
        TokenBuckets buckets = new TokenBuckets(6, 3, clock); // one token every 10 s: full 30 s after emptied
        spend(buckets, "t/alice", 3);
        advance(Duration.ofSeconds(29));
        spend(buckets, "t/carol", 3);

        advance(Duration.ofSeconds(2)); // a sweep is due: alice is full again, carol is not
        buckets.take("t/bob");

        assertThat(buckets.tracked()).as("carol and bob").isEqualTo(2L);
        assertThat(buckets.take("t/carol")).as("carol's debt is remembered").isPositive();
    }

    private static void spend(TokenBuckets buckets, String key, int tokens) {
        for (int i = 0; i < tokens; i++) {
            assertThat(buckets.take(key)).isZero();
        }
    }

    private void advance(Duration by) {
        clock.advance(by);
    }
}
