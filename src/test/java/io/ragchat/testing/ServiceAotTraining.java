package io.ragchat.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains the AOT cache that the integration tests start the packaged service with (the pom's
 * {@code service-aot-cache} execution runs this before failsafe; {@code AppProcess} uses the cache). About
 * twenty starts then each load their classes ready-made, in half the time. A training that fails only costs
 * that time: it says why, and the services start without a cache.
 */
public final class ServiceAotTraining {

    private ServiceAotTraining() {
    }

    /** {@code args[0]}: the cache to write. */
    public static void main(String[] args) throws InterruptedException {
        Path cache = Path.of(args[0]);
        long start = System.nanoTime();
        try {
            PackagedService.trainAotCache(cache);
            System.out.printf("Trained the services' AOT cache %s in %d s%n", cache, (System.nanoTime() - start) / 1_000_000_000);
        } catch (IOException | RuntimeException e) {
            System.out.println("No AOT cache for the services (" + e + "); they start without one");
        }
    }
}
