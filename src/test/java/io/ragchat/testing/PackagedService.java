package io.ragchat.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.llm.LlmSimulator;

/**
 * The packaged service (target/quarkus-app) as its own process, as operators run it, for tests that stop or
 * kill it or send it what no HTTP client library would: on the test database (the one the test run names in
 * {@code _TEST_QUARKUS_DATASOURCE_*_URL}, else {@code ragchat_test}), generating with a simulator in the
 * test's JVM, authentication off unless {@code settings} turn it on. Output in target/it-logs/NAME.log.
 */
public final class PackagedService {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path LOGS = Path.of("target/it-logs");
    private static final String JDBC_URL = env("_TEST_QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/ragchat_test");
    private static final String REACTIVE_URL = env("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL",
            JDBC_URL.substring("jdbc:".length()));
    private static final String CACHE_NAMESPACE = env("_TEST_RAGCHAT_EMBEDDING_CACHE_NAMESPACE", "ragchat-test:emb:");

    private PackagedService() {
    }

    public static AppProcess start(String name, LlmSimulator simulator, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.datasource.reactive.url", REACTIVE_URL);
        all.put("quarkus.datasource.jdbc.url", JDBC_URL);
        all.put("ragchat.embedding.cache.namespace", CACHE_NAMESPACE);
        all.put("ragchat.llm.provider", "ollama");
        all.put("quarkus.langchain4j.ollama.base-url", simulator.baseUrl());
        all.put("quarkus.langchain4j.openai.base-url", simulator.openAiBaseUrl());
        all.put("ragchat.auth.enabled", "false");
        all.putAll(settings);
        return AppProcess.start(name, JAR, LOGS, all, List.of());
    }

    /** The test database, read directly (the service may be stopped or dead). */
    public static Connection database() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, "ragchat", "ragchat");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
