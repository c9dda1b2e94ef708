package io.ragchat.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.rerank.RerankSimulator;
import io.ragchat.testing.rerank.RerankSimulatorResource;

/**
 * The services ragchat calls, as the tests of their failures need them:
 * <ul>
 * <li>PostgreSQL behind a {@link FaultProxy} the test can close ({@link PostgresProxyResource}), with a history
 * queue of three turns so that overflowing it takes a handful of answers, a connect timeout of 2 s, and a
 * shutdown drain long enough to wait for a database that comes back;</li>
 * <li>reranking on, against a {@link RerankSimulator} speaking text-embeddings-inference's API;</li>
 * <li>traces exported to an {@link OtlpCollector};</li>
 * <li>short limits on the model, so that a test of a stalled model waits seconds, not minutes (the {@code llm}
 * policy's timeout 1.5 s, an answer idle for 1 s stopped, follow-ups rewritten by the model within 1 s, else
 * by the rule).</li>
 * </ul>
 * The database outage, history drain, reranking, tracing, model timeout and model rewrite tests share this
 * one application, so the suite builds and starts it once: a trace then also shows the rerank span, a new
 * question is never rewritten, and a rewrite's own timeout is the shorter one. HistoryDrainTest stops the
 * history writers, as a shutdown does, so it runs last ({@link RunsLastInItsApplication}).
 */
public class RemoteServicesProfile implements QuarkusTestProfile {

    public static final int HISTORY_QUEUE_SIZE = 3;
    public static final Duration DATABASE_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration HISTORY_DRAIN_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.fault-tolerance.\"llm\".timeout.value", "1500",
                "ragchat.llm.idle-timeout", "1s",
                "ragchat.follow-up.rewriter", "model",
                "ragchat.follow-up.model-timeout", "1s",
                "ragchat.history.queue-size", String.valueOf(HISTORY_QUEUE_SIZE),
                "ragchat.database.connect-timeout", DATABASE_CONNECT_TIMEOUT.toSeconds() + "s",
                "ragchat.history.drain-timeout", HISTORY_DRAIN_TIMEOUT.toSeconds() + "s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresProxyResource.class),
                new TestResourceEntry(RerankSimulatorResource.class), new TestResourceEntry(OtlpCollector.class));
    }
}
