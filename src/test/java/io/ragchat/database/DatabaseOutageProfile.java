package io.ragchat.database;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.PostgresProxyResource;

/**
 * The service reaches PostgreSQL through a {@link io.ragchat.testing.FaultProxy} the test can close, with a
 * history queue of three turns so that overflowing it takes a handful of answers.
 */
public class DatabaseOutageProfile implements QuarkusTestProfile {

    static final int QUEUE_SIZE = 3;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragchat.history.queue-size", String.valueOf(QUEUE_SIZE),
                "ragchat.database.connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresProxyResource.class));
    }
}
