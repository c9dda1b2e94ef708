package io.ragchat.testing.llm;

import java.util.Optional;
import java.util.function.Predicate;

/** Holds the fault a test injected and hands it to the requests it applies to, counting uses. */
final class FaultInjector {

    private static final int UNTIL_CLEARED = -1;

    private Fault fault; // guarded by this
    private int remaining; // guarded by this; UNTIL_CLEARED or the requests still to fail

    synchronized void inject(Fault fault, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1: " + requests);
        }
        this.fault = fault;
        this.remaining = requests;
    }

    synchronized void injectUntilCleared(Fault fault) {
        this.fault = fault;
        this.remaining = UNTIL_CLEARED;
    }

    synchronized void clear() {
        fault = null;
    }

    /** The injected fault if it applies to this request; a counted fault is used up by it. */
    synchronized Optional<Fault> take(Predicate<Fault> appliesHere) {
        if (fault == null || !appliesHere.test(fault)) {
            return Optional.empty();
        }
        Fault taken = fault;
        if (remaining != UNTIL_CLEARED && --remaining == 0) {
            fault = null;
        }
        return Optional.of(taken);
    }
}
