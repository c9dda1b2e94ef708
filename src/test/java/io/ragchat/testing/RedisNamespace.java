package io.ragchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The embedding cache's keys of one namespace in the local Redis, for the benchmark and the eval. */
public final class RedisNamespace {

    private RedisNamespace() {
    }

    /**
     * Deletes every key of the namespace, so that a run starts with an empty cache and computes every vector it
     * reports on.
     */
    public static void flush(String namespace) {
        String script = "local n=0 for _,k in ipairs(redis.call('keys',ARGV[1])) do redis.call('del',k) n=n+1 end return n";
        try {
            Process process = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "EVAL", script, "0",
                    namespace + "*").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0 || output.startsWith("ERR") || output.contains("Could not connect")) {
                throw new IllegalStateException("could not clear the Redis namespace " + namespace + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("redis-cli is needed to clear a cache namespace", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
