package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.testing.Lane;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * {@code ./ragchat demo} stops every service it started, whichever way it ends: interrupted (Ctrl-C's SIGINT)
 * or terminated (SIGTERM) while it trains the AOT cache or while it serves, and when its first question fails.
 * Afterwards no JVM it started is alive and its port is free, and an interrupted training run left neither a
 * cache nor its side file. The script runs the already packaged service
 * (RAGCHAT_SKIP_SETUP=1: no machine set-up, no build) on a free port, against the test database and the LLM
 * simulator, with its state in a temporary folder.
 */
@Order(Lane.START_FIRST)
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class RagchatScriptIT {

    private static final Path APP_DIR = Path.of("target/quarkus-app").toAbsolutePath();
    private static final Path AOT_CACHE = APP_DIR.resolve("app.aot");
    private static final String JDBC_URL = env("_TEST_QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/ragchat_test");
    private static final String REACTIVE_URL = env("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL", JDBC_URL.substring("jdbc:".length()));
    private static final String CACHE_NAMESPACE = env("_TEST_RAGCHAT_EMBEDDING_CACHE_NAMESPACE", "ragchat-test:emb:");
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(3);

    private static LlmSimulator simulator;

    @TempDir
    Path state;

    @BeforeAll
    static void startSimulator() throws IOException {
        simulator = LlmSimulator.start(SimulatorProfile.fast());
        // The demo trains the AOT cache only when the build has none: the first runs here must train.
        Files.deleteIfExists(AOT_CACHE);
    }

    @AfterAll
    static void stopSimulator() throws IOException {
        simulator.stop();
        Files.deleteIfExists(AOT_CACHE);
    }

    @Test
    void everyWayOutStopsTheServicesItStarted() throws Exception {
        stopWhile("training the Java AOT cache", "INT");
        assertNoCacheLeft();
        stopWhile("training the Java AOT cache", "TERM");
        assertNoCacheLeft();

        // The demo only serves from here on: an empty cache newer than the build reads as "trained, no cache"
        // (a whole training run, with the cache written as the JVM exits, is the slowest part of a demo).
        Files.write(AOT_CACHE, new byte[0]);

        simulator.injectFault(Fault.failBeforeStream(500, "the model is broken"));
        try {
            Demo failed = Demo.start(state, simulator);
            assertThat(failed.awaitExit()).as("the demo fails with its first question").isNotZero();
            failed.assertNothingLeft();
        } finally {
            simulator.clearFault();
        }

        stopWhile("Press Ctrl-C to stop", "INT");
        stopWhile("Press Ctrl-C to stop", "TERM");
    }

    /** An interrupted training run leaves no cache that the next demo would trust, and no file of its own. */
    private static void assertNoCacheLeft() throws IOException {
        try (Stream<Path> files = Files.list(APP_DIR)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("app.aot"));
        }
    }

    /** Runs the demo until its output shows {@code phase} with a service running, then sends it {@code signal}. */
    private void stopWhile(String phase, String signal) throws Exception {
        Demo demo = Demo.start(state, simulator);
        demo.awaitPhase(phase);
        demo.signal(signal);
        demo.awaitExit();
        demo.assertNothingLeft();
    }

    /** One run of {@code ./ragchat demo}, with the JVMs it started as they were seen while it ran. */
    private record Demo(Process script, int port, Path output, Set<ProcessHandle> jvms) {

        static Demo start(Path state, LlmSimulator simulator) throws IOException {
            int port = freePort();
            Path output = Files.createTempFile(state, "demo", ".log");
            String javaOpts = String.join(" ", List.of(
                    "-Dquarkus.datasource.reactive.url=" + REACTIVE_URL,
                    "-Dquarkus.datasource.jdbc.url=" + JDBC_URL,
                    "-Dragchat.embedding.cache.namespace=" + CACHE_NAMESPACE,
                    "-Dquarkus.langchain4j.ollama.base-url=" + simulator.baseUrl()));
            // Maven's JVM may hand its children SIGINT and SIGTERM ignored, and a shell cannot trap a signal it
            // started with ignored: the script gets the default dispositions a terminal would give it.
            ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT,TERM", "bash", "ragchat", "demo")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(Map.of(
                    "RAGCHAT_SKIP_SETUP", "1",
                    "RAGCHAT_PORT", String.valueOf(port),
                    "RAGCHAT_APP_DIR", APP_DIR.toString(),
                    "RAGCHAT_STATE_DIR", state.toString(),
                    "RAGCHAT_LLM_PROVIDER", "ollama",
                    "JAVA_HOME", Path.of(System.getProperty("java.home")).toString(),
                    "JAVA_OPTS", javaOpts));
            builder.environment().remove("RAGCHAT_URL");
            Demo demo = new Demo(builder.start(), port, output, ConcurrentHashMap.newKeySet());
            demo.watchJvms();
            return demo;
        }

        /** Notes every JVM below the script as long as the script runs. */
        private void watchJvms() {
            Thread.ofVirtual().start(() -> {
                while (script.isAlive()) {
                    script.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                            .forEach(jvms::add);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void awaitPhase(String phase) {
            try {
                Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(script.isAlive()).as("the demo runs: %s", text()).isTrue();
                            return text().contains(phase) && jvms.stream().anyMatch(ProcessHandle::isAlive);
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no '" + phase + "' with a service running after " + PHASE_TIMEOUT
                        + "; JVMs seen: " + jvms + "; the demo printed: " + text(), e);
            }
        }

        void signal(String signal) throws IOException, InterruptedException {
            assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(script.pid())).start().waitFor()).isZero();
        }

        int awaitExit() throws InterruptedException {
            assertThat(script.waitFor(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the demo ends: %s", text()).isTrue();
            return script.exitValue();
        }

        void assertNothingLeft() {
            assertThat(jvms).as("the demo started its service: %s", text()).isNotEmpty();
            assertThat(jvms).as("JVMs still running after the demo ended: %s", text()).noneMatch(ProcessHandle::isAlive);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is still taken after the demo ended: " + text(), e);
            }
        }

        String text() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
