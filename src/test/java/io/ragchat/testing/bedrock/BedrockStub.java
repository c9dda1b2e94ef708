package io.ragchat.testing.bedrock;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A local Amazon Bedrock Runtime that speaks ConverseStream's real wire protocol: {@code POST
 * /model/{modelId}/converse-stream} answered with {@code application/vnd.amazon.eventstream} frames, encoded
 * by the AWS SDK's own event-stream codec — {@code messageStart}, a {@code contentBlockDelta} per token,
 * {@code contentBlockStop}, {@code messageStop}, and {@code metadata} with usage and latency.
 *
 * <p>
 * Requests get the default answer unless a script was given for requests whose body contains a marker
 * ({@link #script}): then they get its replies in order, one each (an exception frame, an HTTP error before
 * the stream, a stall, silence, another answer). It records every request ({@link ConverseCall}), including whether
 * the client closed the connection mid-stream, and can go down (stop listening) and come back on its port.
 *
 * <p>
 * A plain Vert.x server on its own single event loop, bound to 127.0.0.1, HTTP/1.1. Public methods are
 * thread-safe; call {@link #stop()} from a thread other than the stub's event loop.
 */
public final class BedrockStub implements AutoCloseable {

    public static final List<String> DEFAULT_TOKENS = List.of("Bedrock", " answers", " from", " the", " sources", " [1]", ".");
    public static final int INPUT_TOKENS = 42;

    private static final Pattern CONVERSE_STREAM = Pattern.compile("/model/([^/]+)/converse-stream");
    private static final long LIFECYCLE_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final List<ConverseCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<BedrockReply>> scripts = new LinkedHashMap<>();
    private volatile HttpServer server;
    private volatile int port;

    private BedrockStub() {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }

    /** Starts a stub on a free port of 127.0.0.1. */
    public static BedrockStub start() {
        BedrockStub stub = new BedrockStub();
        try {
            stub.listen(0);
            return stub;
        } catch (RuntimeException e) {
            stub.stop();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override a Bedrock Runtime client is pointed at. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Requests whose body contains {@code marker} get these replies, one each, before the default answer. */
    public synchronized void script(String marker, BedrockReply... replies) {
        scripts.put(marker, new ArrayDeque<>(List.of(replies)));
    }

    /** Every request received so far, oldest first. */
    public List<ConverseCall> calls() {
        return List.copyOf(calls);
    }

    /** The requests whose body contains {@code marker}, oldest first. */
    public List<ConverseCall> callsContaining(String marker) {
        return calls.stream().filter(call -> call.body().encode().contains(marker)).toList();
    }

    /** Stops listening, closing every open connection: clients meet a refused connection. */
    public void down() {
        HttpServer current = server;
        if (current != null) {
            server = null;
            await(current.close());
        }
    }

    /** Listens again on the same port. */
    public void up() {
        if (server == null) {
            listen(port);
        }
    }

    public void stop() {
        down();
        await(vertx.close());
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int on) {
        server = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(on)
                .setHttp2ClearTextEnabled(false)).requestHandler(this::handle).listen());
        port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        Matcher path = CONVERSE_STREAM.matcher(request.path());
        if (request.method() != HttpMethod.POST || !path.matches()) {
            request.response().setStatusCode(404).putHeader("x-amzn-ErrorType", "UnknownOperationException").end();
            return;
        }
        String modelId = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        request.body().onSuccess(body -> {
            ConverseCall call = new ConverseCall(modelId, body.toJsonObject(), request.getHeader("Authorization"));
            calls.add(call);
            respond(request.response(), call, replyTo(call.body().encode()));
        });
    }

    private synchronized BedrockReply replyTo(String body) {
        for (Map.Entry<String, Deque<BedrockReply>> script : scripts.entrySet()) {
            if (body.contains(script.getKey()) && !script.getValue().isEmpty()) {
                return script.getValue().poll();
            }
        }
        return new BedrockReply.Answer(DEFAULT_TOKENS, Duration.ofMillis(5), INPUT_TOKENS);
    }

    private void respond(HttpServerResponse response, ConverseCall call, BedrockReply reply) {
        response.putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
        if (reply instanceof BedrockReply.HttpError error) {
            response.setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                    .putHeader("x-amzn-ErrorType", error.errorType())
                    .end(new JsonObject().put("message", error.message()).encode());
            return;
        }
        if (reply instanceof BedrockReply.Silent) {
            response.closeHandler(closed -> call.left());
            return;
        }
        Stream stream = new Stream(response, call);
        stream.event("messageStart", new JsonObject().put("role", "assistant"));
        switch (reply) {
            case BedrockReply.Answer answer -> stream.deltas(answer.tokens(), 0, answer.interval(), () -> {
                stream.event("contentBlockStop", new JsonObject().put("contentBlockIndex", 0));
                stream.event("messageStop", new JsonObject().put("stopReason", "end_turn"));
                stream.event("metadata", new JsonObject()
                        .put("usage", new JsonObject().put("inputTokens", answer.inputTokens())
                                .put("outputTokens", answer.tokens().size())
                                .put("totalTokens", answer.inputTokens() + answer.tokens().size()))
                        .put("metrics", new JsonObject().put("latencyMs", stream.elapsedMillis())));
                stream.end();
            });
            case BedrockReply.StallAfter stall -> stream.deltas(stall.tokens(), 0, Duration.ofMillis(5), () -> {
                // silence, with the connection open, until the client gives up
            });
            case BedrockReply.ExceptionFrame exception -> {
                Map<String, HeaderValue> headers = new LinkedHashMap<>();
                headers.put(":message-type", HeaderValue.fromString("exception"));
                headers.put(":exception-type", HeaderValue.fromString(exception.exceptionType()));
                headers.put(":content-type", HeaderValue.fromString("application/json"));
                stream.write(headers, new JsonObject().put("message", exception.message()));
                stream.end();
            }
            case BedrockReply.HttpError ignored -> throw new IllegalStateException("answered above");
            case BedrockReply.Silent ignored -> throw new IllegalStateException("answered above");
        }
    }

    /** One open event stream: frames written until it ends or the client closes the connection. */
    private final class Stream {

        private final HttpServerResponse response;
        private final long startNanos = System.nanoTime();
        private volatile boolean open = true;

        Stream(HttpServerResponse response, ConverseCall call) {
            this.response = response;
            response.setStatusCode(200).putHeader("Content-Type", "application/vnd.amazon.eventstream").setChunked(true);
            response.closeHandler(closed -> {
                if (open) {
                    open = false;
                    call.left();
                }
            });
        }

        void deltas(List<String> tokens, int next, Duration interval, Runnable then) {
            if (!open) {
                return;
            }
            if (next == tokens.size()) {
                then.run();
                return;
            }
            event("contentBlockDelta", new JsonObject().put("contentBlockIndex", 0)
                    .put("delta", new JsonObject().put("text", tokens.get(next))));
            vertx.setTimer(Math.max(1, interval.toMillis()), timer -> deltas(tokens, next + 1, interval, then));
        }

        void event(String type, JsonObject payload) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            headers.put(":event-type", HeaderValue.fromString(type));
            headers.put(":content-type", HeaderValue.fromString("application/json"));
            headers.put(":message-type", HeaderValue.fromString("event"));
            write(headers, payload);
        }

        void write(Map<String, HeaderValue> headers, JsonObject payload) {
            if (!open) {
                return;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            new Message(headers, payload.encode().getBytes(StandardCharsets.UTF_8)).encode(frame);
            response.write(Buffer.buffer(frame.toByteArray()));
        }

        long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        void end() {
            if (open) {
                open = false;
                response.end();
            }
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
