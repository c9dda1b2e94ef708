package io.ragchat.database;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.PostgresProxyResource;

/**
 * The service reaches PostgreSQL through a {@link io.ragchat.testing.FaultProxy} the test can close, with a
 * history queue of three turns so that overflowing it takes a handful of answers, and a shutdown drain long
 * enough to wait for a database that comes back.
 *
 * <p>
 * Its classes run in name order, and HistoryDrainTest must stay the last of them: it stops the history
 * writers, as a shutdown does.
 */
public class DatabaseOutageProfile implements QuarkusTestProfile {

    static final int QUEUE_SIZE = 3;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.history.queue-size", String.valueOf(QUEUE_SIZE),
                "ragchat.database.connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s",
                "ragchat.history.drain-timeout", DRAIN_TIMEOUT.toSeconds() + "s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresProxyResource.class));
    }
}
