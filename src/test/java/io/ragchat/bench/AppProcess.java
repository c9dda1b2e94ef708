package io.ragchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ragchat service, run as its own process from the packaged jar with the scenario's settings as
 * system properties, on a free port of 127.0.0.1. Started means {@code /q/health/started} answers 200,
 * which is after the warm-up when the warm-up is on. The benchmark and the process-level integration tests
 * (stopping and killing the service) use it.
 */
public final class AppProcess implements AutoCloseable {

    /** The JVM flags {@code ./ragchat demo} runs the service with: JAVA_OPTS, by default none. */
    static final List<String> JVM_FLAGS = Optional.ofNullable(System.getenv("JAVA_OPTS")).map(String::strip)
            .filter(options -> !options.isEmpty()).map(options -> List.of(options.split("\\s+"))).orElse(List.of());

    /**
     * The AOT cache the integration tests' services start with (failsafe names it in {@code ragchat.it.aot-cache};
     * the pom's {@code service-aot-cache} execution trains it in the background while the unit tests run).
     */
    private static final Optional<Path> SHARED_AOT_CACHE = Optional.ofNullable(System.getProperty("ragchat.it.aot-cache"))
            .map(Path::of);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final long launchedNanos;
    private volatile long startToReadyNanos;

    private AppProcess(String name, Process process, int port, Path log, long launchedNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /**
     * Starts the service and waits until it reports started.
     *
     * @param settings configuration keys and values for this run (system properties)
     * @param extraJvmFlags e.g. a flight recording
     */
    static AppProcess start(String name, BenchOptions options, Map<String, String> settings, List<String> extraJvmFlags) {
        return launch(name, options, settings, extraJvmFlags).awaitStarted();
    }

    /** Launches the service and returns at once, for a caller that watches the start-up itself. */
    static AppProcess launch(String name, BenchOptions options, Map<String, String> settings, List<String> extraJvmFlags) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/" + options.database());
        all.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + options.database());
        all.put("ragchat.embedding.cache.namespace", options.cacheNamespace());
        all.put("ragchat.llm.provider", "ollama");
        // The benchmark measures capacity from one client: the per-caller limits would only refuse its load.
        all.put("ragchat.limit.questions-per-minute", "0");
        all.put("ragchat.limit.streams-per-user", "${ragchat.limit.streams-total}");
        // The benchmark measures answers, not callers: it runs as the one anonymous caller.
        all.put("ragchat.auth.enabled", "false");
        all.putAll(settings);
        all.putAll(options.serviceSettings());
        List<String> jvmFlags = new ArrayList<>(options.jvmOptions());
        jvmFlags.addAll(extraJvmFlags);
        return launch(name, options.appJar(), options.outputDir().resolve("logs"), all, jvmFlags);
    }

    /**
     * Starts the packaged service {@code appJar} with these settings (system properties) and waits until it
     * reports started; its output goes to {@code logDir/name.log}.
     */
    public static AppProcess start(String name, Path appJar, Path logDir, Map<String, String> settings,
            List<String> jvmFlags) {
        return launch(name, appJar, logDir, settings, jvmFlags).awaitStarted();
    }

    /** The shared AOT cache once its training, if one runs, has ended; empty when there is none. */
    private static Optional<Path> sharedAotCache() {
        SHARED_AOT_CACHE.map(AppProcess::trainingPidFile).ifPresent(AppProcess::awaitTraining);
        return SHARED_AOT_CACHE.filter(Files::isRegularFile);
    }

    /** Where a training of {@code cache} in progress writes its process id, for starts to wait for it. */
    public static Path trainingPidFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".training.pid");
    }

    /** Waits while the process named in {@code pidFile} runs (a stale file names no live process). */
    private static void awaitTraining(Path pidFile) {
        try {
            Optional<ProcessHandle> training = Files.isRegularFile(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    : Optional.empty();
            if (training.isPresent()) {
                training.get().onExit().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (IOException | NumberFormatException | ExecutionException | TimeoutException e) {
            // No usable cache then: the service starts without one, as when the training failed.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AppProcess launch(String name, Path appJar, Path logDir, Map<String, String> settings,
            List<String> jvmFlags) {
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalStateException(appJar + " is missing: build it with ./mvnw package -DskipTests");
        }
        int port = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.port", String.valueOf(port));
        all.put("quarkus.http.host", "127.0.0.1");
        all.putAll(settings);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.addAll(jvmFlags);
        // A launch that chooses its own AOT mode (Table C, a training run) keeps it.
        if (command.stream().noneMatch(flag -> flag.startsWith("-XX:AOT"))) {
            sharedAotCache().ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        }
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(appJar.toString());
        Path log = logDir.resolve(name + ".log");
        try {
            Files.createDirectories(logDir);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new AppProcess(name, process, port, log, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    /** The service's console output so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double startToReadyMillis() {
        return startToReadyNanos / 1e6;
    }

    /** Resident memory now, in MiB ({@code VmRSS}). */
    double rssMiB() {
        return status("VmRSS");
    }

    /** Peak resident memory so far, in MiB ({@code VmHWM}). */
    double peakRssMiB() {
        return status("VmHWM");
    }

    /** The Prometheus text of {@code /q/metrics}. */
    String metrics() {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The service's output. */
    public Path log() {
        return log;
    }

    /** Asks the service to stop (SIGTERM), as an orchestrator does, and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Kills the service (SIGKILL): no shutdown runs, as when a node or the JVM dies. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: a graceful stop, the background history writer drains
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits until {@code /q/health/started} answers 200; stops the service if it never does. */
    AppProcess awaitStarted() {
        URI started = uri("/q/health/started");
        while (System.nanoTime() - launchedNanos < START_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ragchat (" + name + ") stopped during start-up; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(started).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    startToReadyNanos = System.nanoTime() - launchedNanos;
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(15);
        }
        close();
        throw new IllegalStateException("ragchat (" + name + ") did not report started within " + START_TIMEOUT + "; see " + log);
    }

    private double status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).replace("kB", "").strip();
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN; // not on Linux, or the process is gone
        }
        return Double.NaN;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
