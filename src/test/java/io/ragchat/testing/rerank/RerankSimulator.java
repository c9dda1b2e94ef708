package io.ragchat.testing.rerank;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A fake reranking server speaking the two real APIs ragchat supports, so reranking and its fallbacks can be
 * tested without a model:
 * <ul>
 *   <li>text-embeddings-inference: {@code POST /rerank} {@code {"query", "texts": [...], "truncate"}} answered
 *       {@code [{"index", "score"}]}, best first; a missing query or empty texts is a 422, as TEI answers;</li>
 *   <li>Cohere (and Jina, vLLM): {@code POST /v1/rerank} {@code {"model", "query", "documents": [...], "top_n"}}
 *       answered {@code {"id", "results": [{"index", "relevance_score"}], "meta"}}, best first, the first
 *       {@code top_n}.</li>
 * </ul>
 * A text's score is the share of the query's words it contains (0 to 1), plus 1 when it contains the word
 * {@link #prefer(String) preferred} at the moment: deterministic, and changeable by a test to move a text up.
 * It can be made {@link #unavailable() unavailable} (503), {@link #slow(Duration) slow},
 * {@link #malformed() malformed} (a body that is not JSON), {@link #hangUp() hang up} without a reply, or
 * {@link #refuseConnections() refuse connections}; it records every request, and counts the slow replies whose client left before them.
 *
 * <p>A plain Vert.x server on one event loop of its own, on a free port of 127.0.0.1.
 */
public final class RerankSimulator implements AutoCloseable {

    private static final long LIFECYCLE_TIMEOUT_SECONDS = 10;

    /** How the simulator answers. */
    private sealed interface Behaviour {
    }

    private record Serving() implements Behaviour {
    }

    private record Unavailable() implements Behaviour {
    }

    private record Slow(Duration delay) implements Behaviour {
    }

    private record Malformed() implements Behaviour {
    }

    private record HangingUp() implements Behaviour {
    }

    /** A request as it arrived: path, headers (names in lower case) and JSON body (empty when not JSON). */
    public record Recorded(String path, Map<String, String> headers, JsonObject body) {
    }

    private final Vertx vertx;
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(new Serving());
    private final AtomicReference<String> preferred = new AtomicReference<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile HttpServer server;
    private int port;

    private RerankSimulator() {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }

    /** Starts a simulator on a free port of 127.0.0.1, serving. */
    public static RerankSimulator start() {
        RerankSimulator simulator = new RerankSimulator();
        simulator.listen(0);
        return simulator;
    }

    /** {@code http://127.0.0.1:<port>}, the base URL of both APIs. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** From now on, texts containing {@code word} score 1 more; null for none. */
    public RerankSimulator prefer(String word) {
        preferred.set(word == null ? null : word.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Every request is answered 503, as a server that is starting or overloaded answers. */
    public RerankSimulator unavailable() {
        behaviour.set(new Unavailable());
        return this;
    }

    /** Every request is answered correctly, after {@code delay}. */
    public RerankSimulator slow(Duration delay) {
        behaviour.set(new Slow(delay));
        return this;
    }

    /** Every request is answered 200 with a body that is not JSON. */
    public RerankSimulator malformed() {
        behaviour.set(new Malformed());
        return this;
    }

    /** Every request is read, then its connection closed without a reply, as a server that crashes does. */
    public RerankSimulator hangUp() {
        behaviour.set(new HangingUp());
        return this;
    }

    /** Stops listening: connections are refused until {@link #reset()}. */
    public RerankSimulator refuseConnections() {
        HttpServer listening = server;
        if (listening != null) {
            await(listening.close());
            server = null;
        }
        return this;
    }

    /** Serving again, on the same port, with no preferred word and nothing recorded. */
    public void reset() {
        behaviour.set(new Serving());
        preferred.set(null);
        requests.clear();
        abandoned.set(0);
        if (server == null) {
            listen(port);
        }
    }

    /** Every request received since the last {@link #reset()}, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Slow replies never sent because the client closed the connection first. */
    public int abandoned() {
        return abandoned.get();
    }

    /** The score this simulator gives {@code text} for {@code query} now. */
    public double score(String query, String text) {
        Set<String> queryWords = words(query);
        Set<String> textWords = words(text);
        double overlap = queryWords.isEmpty() ? 0
                : (double) queryWords.stream().filter(textWords::contains).count() / queryWords.size();
        String word = preferred.get();
        return overlap + (word != null && textWords.contains(word) ? 1 : 0);
    }

    @Override
    public void close() {
        try {
            refuseConnections();
        } finally {
            await(vertx.close());
        }
    }

    private void listen(int onPort) {
        server = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(onPort))
                .requestHandler(this::handle).listen());
        port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            JsonObject body = parse(buffer);
            requests.add(new Recorded(request.path(), request.headers().entries().stream().collect(Collectors.toMap(
                    h -> h.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (first, second) -> first)),
                    body == null ? new JsonObject() : body));
            boolean tei = request.path().equals("/rerank");
            if (!"POST".equals(request.method().name()) || !tei && !request.path().equals("/v1/rerank")) {
                reply(request, 404, new JsonObject().put("error", "not found").encode());
            } else if (body == null) {
                reply(request, 422, error(tei, "the body is not a JSON object"));
            } else {
                answer(request, tei, body);
            }
        });
    }

    private void answer(HttpServerRequest request, boolean tei, JsonObject body) {
        String query = body.getValue("query") instanceof String q ? q : null;
        JsonArray texts = body.getValue(tei ? "texts" : "documents") instanceof JsonArray array ? array : null;
        if (query == null || texts == null || texts.isEmpty()) {
            reply(request, 422, error(tei, "query and " + (tei ? "texts" : "documents") + " are required"));
            return;
        }
        String reply = tei ? teiReply(query, texts) : cohereReply(query, texts, body.getInteger("top_n", texts.size()));
        switch (behaviour.get()) {
            case Serving serving -> reply(request, 200, reply);
            case Unavailable unavailable -> reply(request, 503, error(tei, "the model is loading"));
            case Malformed malformed -> reply(request, 200, reply.substring(0, reply.length() / 2));
            case HangingUp hangingUp -> request.connection().close();
            case Slow slow -> {
                long timer = vertx.setTimer(slow.delay().toMillis(), id -> reply(request, 200, reply));
                request.response().closeHandler(closed -> {
                    if (vertx.cancelTimer(timer)) {
                        abandoned.incrementAndGet();
                    }
                });
            }
        }
    }

    private String teiReply(String query, JsonArray texts) {
        JsonArray ranks = new JsonArray();
        ranked(query, texts).forEach(i -> ranks.add(new JsonObject().put("index", i).put("score", score(query, texts.getString(i)))));
        return ranks.encode();
    }

    private String cohereReply(String query, JsonArray documents, int topN) {
        JsonArray results = new JsonArray();
        ranked(query, documents).stream().limit(topN).forEach(i -> results.add(
                new JsonObject().put("index", i).put("relevance_score", score(query, documents.getString(i)))));
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("results", results)
                .put("meta", new JsonObject().put("billed_units", new JsonObject().put("search_units", 1))).encode();
    }

    /** The texts' indexes, best score first. */
    private List<Integer> ranked(String query, JsonArray texts) {
        return IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> score(query, texts.getString(i))).reversed())
                .toList();
    }

    private static String error(boolean tei, String message) {
        return (tei ? new JsonObject().put("error", message).put("error_type", "Validation")
                : new JsonObject().put("message", message)).encode();
    }

    private static void reply(HttpServerRequest request, int status, String body) {
        if (!request.response().ended() && !request.response().closed()) {
            request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
        }
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static JsonObject parse(Buffer buffer) {
        try {
            return new JsonObject(buffer);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
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
}
