package io.ragchat.testing;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;

/**
 * A stand-in OpenTelemetry collector: accepts OTLP over HTTP ({@code POST /v1/traces}) and counts the
 * exports, and points ragchat at itself with the one key that turns tracing on.
 */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger EXPORTS = new AtomicInteger();
    private Vertx vertx;
    private HttpServer server;

    /** How many trace exports have arrived. */
    public static int exports() {
        return EXPORTS.get();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
                if (request.path().equals("/v1/traces")) {
                    EXPORTS.incrementAndGet();
                }
                request.response().putHeader("content-type", "application/x-protobuf").end();
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The test collector could not listen", e);
        }
        return Map.of("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + server.actualPort(),
                // The collector here speaks OTLP over HTTP; a real one usually takes the default, gRPC on 4317.
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
