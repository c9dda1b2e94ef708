package io.ragchat.limit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.ragchat.security.Caller;

/** The caps on answers in progress, with two distinct callers (over HTTP every test request is the anonymous one). */
class StreamSlotsTest {

    private static final Caller ALICE = new Caller("acme", "alice");
    private static final Caller BOB = new Caller("acme", "bob");

    @Test
    void eachCallerHasItsOwnCapAndAllShareTheTotal() throws Exception {
        StreamSlots slots = new StreamSlots(2, 3);

        StreamSlots.Slot alice1 = slots.acquire(ALICE.key());
        slots.acquire(ALICE.key());
        assertThatThrownBy(() -> slots.acquire(ALICE.key())).isInstanceOfSatisfying(StreamSlots.CapReached.class,
                full -> assertThat(full.reason()).isEqualTo(Rejection.user_streams));

        StreamSlots.Slot bob1 = slots.acquire(BOB.key());
        assertThat(slots.inUse()).isEqualTo(3);
        assertThatThrownBy(() -> slots.acquire(BOB.key())).as("bob is under his cap, the replica is full")
                .isInstanceOfSatisfying(StreamSlots.CapReached.class,
                        full -> assertThat(full.reason()).isEqualTo(Rejection.total_streams));

        alice1.release();
        assertThat(slots.acquire(BOB.key())).isNotNull();
        assertThatThrownBy(() -> slots.acquire(ALICE.key())).as("the total is full again")
                .isInstanceOf(StreamSlots.CapReached.class);
        bob1.release();
        assertThat(slots.acquire(ALICE.key())).as("alice has one in progress, under her cap of 2").isNotNull();
    }

    @Test
    void aSlotGivenBackTwiceCountsOnce() throws Exception {
        StreamSlots slots = new StreamSlots(2, 3);
        StreamSlots.Slot slot = slots.acquire(ALICE.key());
        slots.acquire(BOB.key());

        slot.release();
        slot.release();

        assertThat(slots.inUse()).isEqualTo(1);
        assertThat(slots.callers()).as("alice has nothing in progress: no memory kept for her").isEqualTo(1);
    }

    @Test
    void aRefusalByTheTotalCapTakesNothingFromTheCaller() throws Exception {
        StreamSlots slots = new StreamSlots(2, 1);
        slots.acquire(BOB.key());

        assertThatThrownBy(() -> slots.acquire(ALICE.key())).isInstanceOf(StreamSlots.CapReached.class);

        assertThat(slots.callers()).isEqualTo(1);
        assertThat(slots.inUse()).isEqualTo(1);
    }

    @Test
    void concurrentCallersNeverExceedTheCapsAndLeaveNothingBehind() throws Exception {
        StreamSlots slots = new StreamSlots(3, 8);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(16);
        for (int t = 0; t < 16; t++) {
            String key = "acme/user" + (t % 5);
            pool.execute(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        List<StreamSlots.Slot> held = new ArrayList<>();
                        try {
                            held.add(slots.acquire(key));
                            highest.accumulateAndGet(slots.inUse(), Math::max);
                        } catch (StreamSlots.CapReached full) {
                            // refused: nothing to give back
                        }
                        held.forEach(StreamSlots.Slot::release);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(highest.get()).isLessThanOrEqualTo(8);
        assertThat(slots.inUse()).isZero();
        assertThat(slots.callers()).isZero();
    }
}
