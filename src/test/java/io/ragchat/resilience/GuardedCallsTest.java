package io.ragchat.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import javax.management.JMException;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.retrieval.service.RetrievalService;

/**
 * A guarded remote call leaves nothing behind: a service answers for weeks, so what each call through
 * {@code @ApplyGuard} keeps must not add up. SmallRye Fault Tolerance up to 6.11.2 keeps one metrics collector
 * per call of a {@code Guard} applied with {@code @ApplyGuard} while its metrics are on (about 1.5 MiB of live
 * heap a minute at 64 streams); application.properties turns them off.
 */
@QuarkusTest
class GuardedCallsTest {

    private static final Pattern COLLECTORS = Pattern.compile(
            "\\s(\\d+)\\s+\\d+\\s+io\\.smallrye\\.faulttolerance\\.core\\.metrics\\.MetricsCollector\\s");
    private static final int CALLS = 300;

    @Inject
    RetrievalService retrieval;

    @Inject
    EmbeddingService embeddings;

    @Test
    void manyGuardedCallsKeepNothingPerCall() {
        float[] vector = new float[embeddings.dimension()];
        Random random = new Random(7);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        String tenant = "guarded-" + UUID.randomUUID();
        retrieval.search(tenant, "warm-up", vector, 2, Map.of()).await().atMost(Duration.ofSeconds(10));
        long before = liveCollectors();

        for (int call = 0; call < CALLS; call++) {
            retrieval.search(tenant, "question " + call, vector, 2, Map.of()).await().atMost(Duration.ofSeconds(10));
        }

        assertThat(liveCollectors() - before).as("metrics collectors kept by %d guarded calls", CALLS).isLessThan(10);
    }

    /** Live instances of the fault tolerance's metrics collector, from a class histogram (after a full GC). */
    private static long liveCollectors() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] { new String[0] }, new String[] { String[].class.getName() });
            Matcher m = COLLECTORS.matcher(histogram);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
