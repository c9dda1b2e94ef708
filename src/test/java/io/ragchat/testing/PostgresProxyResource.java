package io.ragchat.testing;

import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a {@link FaultProxy} between the service's reactive datasource and the test database, so a test can
 * take PostgreSQL away from this service alone (the shared server is never stopped). Flyway still migrates
 * through the JDBC URL, directly. The proxy is injected into the test's {@code FaultProxy} field.
 */
public class PostgresProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The test database, as the test run names it (see application.properties' %test URLs). */
    private static final String DEFAULT_URL = "postgresql://127.0.0.1:5432/ragchat_test";

    private FaultProxy proxy;

    @Override
    public Map<String, String> start() {
        String url = System.getenv().getOrDefault("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL", DEFAULT_URL);
        URI database = URI.create(url);
        proxy = FaultProxy.start(database.getHost(), database.getPort() < 0 ? 5432 : database.getPort());
        String proxied = "postgresql://127.0.0.1:" + proxy.port() + database.getRawPath()
                + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
        return Map.of("quarkus.datasource.reactive.url", proxied);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(FaultProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
