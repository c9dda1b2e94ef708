package io.ragchat.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * The packaged service (target/quarkus-app), run as its own process as operators run it, on a free port,
 * against the test database and the LLM simulator in this JVM; plus a JDBC connection to that database
 * to see what requests wrote. Authentication is on, as in production, trusting the fuzzer's
 * {@link Credentials}.
 */
final class ServiceUnderTest implements AutoCloseable {

    private static final Path APP_JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path LOG = Path.of("target/fuzz/service.log");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/ragchat_test";

    private final LlmSimulator simulator;
    private final Process process;
    private final int port;
    private final Connection db;

    private ServiceUnderTest(LlmSimulator simulator, Process process, int port, Connection db) {
        this.simulator = simulator;
        this.process = process;
        this.port = port;
        this.db = db;
    }

    static ServiceUnderTest start() {
        if (!Files.isRegularFile(APP_JAR)) {
            throw new IllegalStateException(APP_JAR + " is missing: build it with ./mvnw package -DskipTests");
        }
        // The test database and cache namespace of the @QuarkusTests: the same variables choose them.
        String jdbcUrl = env("_TEST_QUARKUS_DATASOURCE_JDBC_URL", DEFAULT_JDBC_URL);
        String reactiveUrl = env("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL", jdbcUrl.substring("jdbc:".length()));
        LlmSimulator simulator = LlmSimulator.start(SimulatorProfile.instant().toBuilder().answerTokens(12).build());
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(port));
        settings.put("quarkus.datasource.jdbc.url", jdbcUrl);
        settings.put("quarkus.datasource.reactive.url", reactiveUrl);
        settings.put("ragchat.embedding.cache.namespace", env("_TEST_RAGCHAT_EMBEDDING_CACHE_NAMESPACE", "ragchat-test:emb:"));
        settings.put("ragchat.llm.provider", "ollama");
        settings.put("quarkus.langchain4j.ollama.base-url", simulator.baseUrl());
        settings.put("quarkus.langchain4j.openai.base-url", simulator.openAiBaseUrl());
        // Every accepted answer is in the database before its response ends, so row counts taken between
        // two requests are never moved by a turn still being written in the background.
        settings.put("ragchat.history.write-before-answer", "true");
        // The fuzzer asks hundreds of questions a minute as one caller: at the production rate most of them would
        // be answered 429 and never reach retrieval and the model, where the bugs may be.
        settings.put("ragchat.limit.questions-per-minute", "0");
        settings.putAll(Credentials.serviceSettings());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(APP_JAR.toString());
        try {
            Files.createDirectories(LOG.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();
            awaitStarted(process, port);
            Connection db = DriverManager.getConnection(jdbcUrl, "ragchat", "ragchat");
            return new ServiceUnderTest(simulator, process, port, db);
        } catch (IOException e) {
            simulator.stop();
            throw new UncheckedIOException(e);
        } catch (SQLException | RuntimeException e) {
            simulator.stop();
            throw new IllegalStateException("ragchat did not start for fuzzing; see " + LOG, e);
        }
    }

    int port() {
        return port;
    }

    RowCounts rows() {
        return RowCounts.read(db);
    }

    /** The service's log, for a failure report. */
    static Path log() {
        return LOG;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // the process goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            simulator.stop();
        }
    }

    private static void awaitStarted(Process process, int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI started = URI.create("http://127.0.0.1:" + port + "/q/health/started");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ragchat stopped during start-up");
            }
            try {
                if (http.send(HttpRequest.newBuilder(started).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("ragchat did not report started within " + START_TIMEOUT);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
