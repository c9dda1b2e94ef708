package io.ragchat.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
        all.put("ragchat.llm.provider", "ollama");
        all.put("quarkus.langchain4j.ollama.base-url", simulator.baseUrl());
        all.put("quarkus.langchain4j.openai.base-url", simulator.openAiBaseUrl());
        all.putAll(settings);
        return start(name, all);
    }

    /** As {@link #start(String, LlmSimulator, Map)}, for a model elsewhere: {@code settings} name the provider and where it is. */
    public static AppProcess start(String name, Map<String, String> settings) {
        Map<String, String> all = onTestDatabase();
        all.putAll(settings);
        return AppProcess.start(name, JAR, LOGS, all, List.of());
    }

    /**
     * Trains a Java AOT cache into {@code cache} as {@code ./ragchat demo} trains its own: one start with
     * {@code -XX:AOTCacheOutput}, one question, a stop, after which the JVM writes the cache (into a side
     * file, renamed once complete). The extractive provider answers, so no model is needed. Blocking, about
     * 40 s on two cores.
     */
    public static void trainAotCache(Path cache) throws IOException, InterruptedException {
        Path training = cache.resolveSibling(cache.getFileName() + ".training");
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Files.deleteIfExists(cache);
        Map<String, String> settings = onTestDatabase();
        settings.put("ragchat.llm.provider", "extractive");
        try (AppProcess app = AppProcess.start("aot-training", JAR, LOGS, settings,
                List.of("-XX:AOTCacheOutput=" + training))) {
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.uri("/api/chat"))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"What is ragchat?\"}"))
                    .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the training question got " + answer.statusCode());
            }
        }
        Files.move(training, cache, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> onTestDatabase() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.datasource.reactive.url", REACTIVE_URL);
        all.put("quarkus.datasource.jdbc.url", JDBC_URL);
        all.put("ragchat.embedding.cache.namespace", CACHE_NAMESPACE);
        all.put("ragchat.auth.enabled", "false");
        return all;
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
