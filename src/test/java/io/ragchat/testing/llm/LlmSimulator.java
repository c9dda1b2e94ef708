package io.ragchat.testing.llm;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A fake LLM server that speaks Ollama's real wire protocol and OpenAI's, with realistic timing, so
 * ragchat's streaming, timeouts, cancellation and retrieval can be tested and benchmarked without a
 * model.
 *
 * <h2>What it simulates</h2>
 * <ul>
 *   <li>Ollama: {@code GET /}, {@code /api/version}, {@code /api/tags}, {@code /api/ps};
 *       {@code POST /api/chat} and {@code /api/generate}, streamed as NDJSON (the default) or as one
 *       object, with preload (no messages / empty prompt) and unload ({@code keep_alive: 0});
 *       {@code POST /api/embed} and the legacy {@code /api/embeddings}.</li>
 *   <li>OpenAI, as Ollama serves it under {@code /v1}: {@code GET /v1/models},
 *       {@code POST /v1/chat/completions} (SSE or one object) and {@code POST /v1/embeddings}.</li>
 *   <li>Timing ({@link SimulatorProfile}): a cold-load delay for the first request to a model and after
 *       unload or keep-alive expiry; time to first token from the prompt length and the prefill rate;
 *       one token per decode interval. All pacing uses event-loop timers.</li>
 *   <li>Answers echo the prompt's words (see {@code EchoAnswer}), with a bare {@code "\n"} token now and
 *       then; embeddings are deterministic trigram-hash unit vectors (similar text, similar vector).</li>
 *   <li>Faults ({@link Fault}): refuse before the stream, break or stall mid-stream, or be down.</li>
 *   <li>Observations ({@link SimulatorStats}): requests per endpoint, recorded bodies, loads, tokens,
 *       and how each stream ended — including streams the client cancelled by closing the connection,
 *       which stop at once: no more writes, timers cancelled.</li>
 * </ul>
 *
 * <h2>How to use it</h2>
 * <pre>{@code
 * try (LlmSimulator llm = LlmSimulator.start(SimulatorProfile.fast())) {
 *     // point the client at llm.baseUrl() (Ollama) or llm.openAiBaseUrl() (OpenAI)
 *     llm.updateProfile(p -> p.loadTime(Duration.ofMillis(300)).answerTokens(8));
 *     llm.injectFault(Fault.failAfterTokens(3, "model runner crashed"), 1);
 *     ...
 *     assertThat(llm.stats().awaitCancellation(Duration.ofSeconds(2))).isTrue();
 * }
 * }</pre>
 * In a {@code @QuarkusTest}, use {@link LlmSimulatorResource}. Standalone (benchmarks, demos), run
 * {@link #main(String[])} from the test classpath; {@code --help} lists the flags.
 *
 * <p>The server is a plain Vert.x {@link HttpServer} on its own single event loop, bound to 127.0.0.1,
 * HTTP/1.1 only as Ollama is. All public methods are thread-safe; call {@link #stop()} from a thread other
 * than the simulator's event loop.
 */
public final class LlmSimulator implements AutoCloseable {

    private static final long LIFECYCLE_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final SimulatorProfile initialProfile;
    private final AtomicReference<SimulatorProfile> profile;
    private final SimulatorStats stats = new SimulatorStats();
    private final FaultInjector faults = new FaultInjector();
    private final ModelRegistry models;
    private final Map<String, Consumer<Exchange>> routes = new HashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private HttpServer server;

    private LlmSimulator(SimulatorProfile initialProfile) {
        this.initialProfile = initialProfile;
        this.profile = new AtomicReference<>(initialProfile);
        // One event loop is plenty for a fake, and leaves the 2 cores to the code under test. No file
        // caching: Vert.x would otherwise create a .vertx cache folder in the working directory.
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.models = new ModelRegistry(vertx, stats);
        ModelHost host = new ModelHost(vertx, models, faults, stats);
        new OllamaApi(host).addRoutes(routes);
        new OpenAiApi(host).addRoutes(routes);
    }

    /** Starts a simulator with the {@link SimulatorProfile#fast()} profile on a free port. */
    public static LlmSimulator start() {
        return start(SimulatorProfile.fast());
    }

    /** Starts a simulator on a free port of 127.0.0.1. */
    public static LlmSimulator start(SimulatorProfile profile) {
        return start(profile, 0);
    }

    /**
     * Starts a simulator on 127.0.0.1:{@code port} (0 for a free one).
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static LlmSimulator start(SimulatorProfile profile, int port) {
        LlmSimulator simulator = new LlmSimulator(profile);
        try {
            simulator.server = await(simulator.vertx.createHttpServer(new HttpServerOptions()
                            .setHost("127.0.0.1")
                            .setPort(port)
                            .setHttp2ClearTextEnabled(false)) // Ollama (Go net/http) speaks HTTP/1.1 only
                    .requestHandler(simulator::handle)
                    .listen());
            return simulator;
        } catch (RuntimeException e) {
            simulator.stop();
            throw new IllegalStateException("LLM simulator could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: Ollama's base URL (what {@code OLLAMA_HOST} would point at). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code baseUrl() + "/v1"}: the base URL an OpenAI client wants. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public int port() {
        return server.actualPort();
    }

    /** The profile new requests play by. */
    public SimulatorProfile profile() {
        return profile.get();
    }

    /** Replaces the profile; requests already running keep the one they started with. */
    public LlmSimulator profile(SimulatorProfile newProfile) {
        profile.set(newProfile);
        return this;
    }

    /** Changes some figures of the current profile, e.g. {@code updateProfile(p -> p.answerTokens(5))}. */
    public LlmSimulator updateProfile(Consumer<SimulatorProfile.Builder> change) {
        profile.updateAndGet(current -> {
            SimulatorProfile.Builder builder = current.toBuilder();
            change.accept(builder);
            return builder.build();
        });
        return this;
    }

    /** Plays {@code fault} on every request it applies to (see {@link Fault}) until {@link #clearFault()}. */
    public LlmSimulator injectFault(Fault fault) {
        faults.injectUntilCleared(fault);
        return this;
    }

    /** Plays {@code fault} on the next {@code requests} requests it applies to, then behaves again. */
    public LlmSimulator injectFault(Fault fault, int requests) {
        faults.inject(fault, requests);
        return this;
    }

    public LlmSimulator clearFault() {
        faults.clear();
        return this;
    }

    /** Models in memory now (what {@code GET /api/ps} lists). */
    public Set<String> loadedModels() {
        return models.residents().stream().map(ModelRegistry.ResidentModel::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Unloads every model (those in use as soon as their requests end): the next request pays a load. */
    public void unload() {
        models.unloadAll();
    }

    /**
     * Unloads one model, like a request with {@code keep_alive: 0}.
     *
     * @return whether it was loaded
     */
    public boolean unload(String model) {
        return models.unload(model);
    }

    public SimulatorStats stats() {
        return stats;
    }

    /**
     * Back to a fresh state between tests: the profile it started with, no fault, no model loaded, stats
     * zeroed. Streams still running are left alone (and stay counted as active).
     */
    public void reset() {
        profile.set(initialProfile);
        faults.clear();
        models.unloadAll();
        stats.reset();
    }

    /** Closes the server, every open connection and the event loop, cancelling all timers. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            if (server != null) {
                await(server.close());
            }
        } finally {
            await(vertx.close());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpServerRequest request) {
        long receivedAt = System.nanoTime();
        String method = request.method().name();
        String endpoint = method + " " + request.path();
        stats.requestReceived(endpoint);
        if (faults.take(Fault.Down.class::isInstance).isPresent()) {
            request.connection().close();
            return;
        }
        SimulatorProfile current = profile.get();
        request.body().onSuccess(buffer -> {
            JsonObject body = parseObject(buffer);
            stats.record(new RecordedRequest(method, request.path(), headers(request),
                    body == null ? new JsonObject() : body.copy(), Instant.now()));
            routes.getOrDefault(endpoint, exchange -> exchange.text(404, "404 page not found"))
                    .accept(new Exchange(request, body, current, receivedAt));
        });
    }

    /** The body as a JSON object; empty for no body, null when it is not a JSON object. */
    private static JsonObject parseObject(Buffer buffer) {
        if (buffer.length() == 0) {
            return new JsonObject();
        }
        try {
            return new JsonObject(buffer);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return Map.copyOf(headers);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(LIFECYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Runs the simulator standalone until the JVM is stopped (Ctrl-C), e.g. for benchmarks:
     * {@code java -cp <test classpath> io.ragchat.testing.llm.LlmSimulator --port 11434 --preset
     * small-model-cpu}. Prints its URL on standard output. {@code --help} lists the flags.
     */
    public static void main(String[] args) {
        SimulatorCommandLine commandLine;
        try {
            commandLine = SimulatorCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SimulatorCommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (commandLine.help()) {
            System.out.println(SimulatorCommandLine.USAGE);
            return;
        }
        LlmSimulator simulator = start(commandLine.profile(), commandLine.port());
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop, "llm-simulator-shutdown"));
        SimulatorProfile p = simulator.profile();
        System.out.printf(Locale.ROOT, "LLM simulator (Ollama + OpenAI protocols) listening on %s%n"
                        + "  OpenAI base URL %s; models %s%n"
                        + "  load %d ms, prefill %.1f tok/s, decode %.1f tok/s, %d answer tokens%n",
                simulator.baseUrl(), simulator.openAiBaseUrl(), String.join(", ", p.models()),
                p.loadTime().toMillis(), p.prefillTokensPerSecond(), p.decodeTokensPerSecond(), p.answerTokens());
        // Vert.x's event loop thread is not a daemon, so the JVM keeps serving after main returns.
    }
}
