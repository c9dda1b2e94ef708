package io.ragchat.fuzz;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a property over generated requests, each try from a seed of its own, so that a failure can be replayed
 * exactly: {@code -Dragchat.fuzz.replay=<try seed>} sends that one request again,
 * {@code -Dragchat.fuzz.seed=<run seed>} repeats the whole run. A failing request is shrunk
 * ({@link RequestShrinker}) and the report shows both, with the command that replays it.
 */
final class PropertyTries {

    static final String RUN_SEED = "ragchat.fuzz.seed";
    static final String REPLAY = "ragchat.fuzz.replay";

    /** One per test run: every property's tries derive from it. */
    private static final long RUN = Long.getLong(RUN_SEED, new SplittableRandom().nextLong());

    private final String testClass;

    PropertyTries(String testClass) {
        this.testClass = testClass;
    }

    static long runSeed() {
        return RUN;
    }

    /**
     * Checks {@code property} on {@code tries} requests (scaled by {@link TriesScaling}), or only on the one of
     * the try seed being replayed.
     */
    void check(String name, int tries, Gen<FuzzRequest> requests, Consumer<FuzzRequest> property) {
        Long replay = Long.getLong(REPLAY);
        if (replay != null) {
            System.out.printf("%s#%s: replaying try seed %d%n", testClass, name, replay);
            tryOnce(name, replay, 1, 1, requests, property);
            return;
        }
        int scaled = TriesScaling.scaled(tries);
        System.out.printf("%s#%s: %d tries, run seed %d%n", testClass, name, scaled, RUN);
        // The property's name in its seed: replaying the run of one property gives it the same tries.
        SplittableRandom seeds = new SplittableRandom(RUN ^ name.hashCode());
        for (int i = 1; i <= scaled; i++) {
            tryOnce(name, seeds.nextLong(), i, scaled, requests, property);
        }
    }

    private void tryOnce(String name, long seed, int index, int tries, Gen<FuzzRequest> requests, Consumer<FuzzRequest> property) {
        FuzzRequest request = requests.next(new SplittableRandom(seed));
        AssertionError failure = failure(request, property);
        if (failure == null) {
            return;
        }
        RequestShrinker.Shrunk shrunk = RequestShrinker.shrink(request, candidate -> failure(candidate, property) != null);
        AssertionError smallest = shrunk.steps() == 0 ? failure : failure(shrunk.request(), property);
        String run = "./mvnw -B failsafe:integration-test failsafe:verify -DskipITs=false -Dit.test=" + testClass;
        AssertionError report = new AssertionError(String.format("""
                Property %s failed on try %d of %d (try seed %d, run seed %d).
                Smallest failing request (%d shrinking steps): %s
                  %s
                Generated request: %s
                  %s
                Replay this try (after ./mvnw package -DskipTests):
                  %s -Dragchat.fuzz.replay=%d
                Replay the whole run:
                  %s -Dragchat.fuzz.seed=%d""", name, index, tries, seed, RUN, shrunk.steps(), shrunk.request(),
                smallest == null ? "(passed when sent again)" : smallest.getMessage(), request, failure.getMessage(),
                run + "#" + name, seed, run, RUN), failure);
        throw report;
    }

    private static AssertionError failure(FuzzRequest request, Consumer<FuzzRequest> property) {
        try {
            property.accept(request);
            return null;
        } catch (AssertionError e) {
            return e;
        }
    }
}
