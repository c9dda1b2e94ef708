package io.ragchat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ragchat.bench.AppProcess;

/**
 * Trains the AOT cache that the integration tests start the packaged service with (the pom's
 * {@code service-aot-cache} execution runs this in the background while the unit tests run, and the services
 * the integration tests start wait for it through its pid file, {@link AppProcess#trainingPidFile}). About
 * twenty starts then each load their classes ready-made, in half the time. A training that fails only costs
 * that time: it says why, and the services start without a cache.
 */
public final class ServiceAotTraining {

    private ServiceAotTraining() {
    }

    /** {@code args[0]}: the cache to write. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path cache = Path.of(args[0]);
        Path pidFile = AppProcess.trainingPidFile(cache);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Files.writeString(pidFile, String.valueOf(ProcessHandle.current().pid()));
        // Maven stops this run when the build fails first: the service it started goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        long start = System.nanoTime();
        try {
            PackagedService.trainAotCache(cache);
            System.out.printf("Trained the services' AOT cache %s in %d s%n", cache, (System.nanoTime() - start) / 1_000_000_000);
        } catch (IOException | RuntimeException e) {
            System.out.println("No AOT cache for the services (" + e + "); they start without one");
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }
}
