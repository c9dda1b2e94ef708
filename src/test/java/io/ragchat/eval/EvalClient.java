package io.ragchat.eval;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import io.ragchat.bench.AppProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The eval's calls to one running service, as any API client makes them (auth is off in the eval). */
final class EvalClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PAGE_SIZE = 1000;

    private final AppProcess app;

    EvalClient(AppProcess app) {
        this.app = app;
    }

    /** What the service did with a page: {@code created}, {@code replaced} or {@code unchanged}, and its chunks. */
    record Ingested(String status, int chunks) {
    }

    Ingested ingest(CmakeCorpus.Page page, String mediaType) {
        String query = "?title=" + URLEncoder.encode(page.title(), StandardCharsets.UTF_8) + "&source="
                + URLEncoder.encode(page.path(), StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(app.uri("/api/documents" + query))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", mediaType + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(page.body(), StandardCharsets.UTF_8)).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingesting " + page.path() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        JsonObject result = new JsonObject(response.body());
        return new Ingested(result.getString("status"), result.getInteger("chunks", 0));
    }

    /** The stored documents: each one's source by its id, and their chunks in all. */
    record Documents(Map<UUID, String> sources, long chunks) {
    }

    /** Every document, read page by page from the documents list. */
    Documents documents() {
        Map<UUID, String> sources = new HashMap<>();
        long chunks = 0;
        for (int offset = 0;; offset += PAGE_SIZE) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    app.uri("/api/documents?limit=" + PAGE_SIZE + "&offset=" + offset)).timeout(Duration.ofMinutes(1)).GET().build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("listing documents: HTTP " + response.statusCode() + " " + response.body());
            }
            JsonArray page = new JsonArray(response.body());
            for (Object o : page) {
                JsonObject d = (JsonObject) o;
                sources.put(UUID.fromString(d.getString("id")), d.getString("source"));
                chunks += d.getInteger("chunks", 0);
            }
            if (page.size() < PAGE_SIZE) {
                return new Documents(Map.copyOf(sources), chunks);
            }
        }
    }

    /**
     * One whole (JSON) answer: its conversation, its sources' document ids in the order returned, and the
     * service's stage timings; or the error.
     */
    record Answer(UUID conversationId, List<UUID> sources, Map<String, Long> timings, String error) {

        boolean ok() {
            return error == null;
        }
    }

    Answer ask(String question, UUID conversationId, int topK) {
        JsonObject body = new JsonObject().put("message", question).put("topK", topK);
        if (conversationId != null) {
            body.put("conversationId", conversationId.toString());
        }
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(app.uri("/api/chat")).timeout(Duration.ofMinutes(3))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
            if (response.statusCode() != 200) {
                return failed("HTTP " + response.statusCode() + ": " + response.body());
            }
            JsonObject answer = new JsonObject(response.body());
            List<UUID> sources = new ArrayList<>();
            JsonArray refs = answer.getJsonArray("sources", new JsonArray());
            refs.forEach(o -> sources.add(UUID.fromString(((JsonObject) o).getString("documentId"))));
            Map<String, Long> timings = new HashMap<>();
            JsonObject t = answer.getJsonObject("timings", new JsonObject());
            t.forEach(e -> timings.put(e.getKey(), ((Number) e.getValue()).longValue()));
            return new Answer(UUID.fromString(answer.getString("conversationId")), sources, timings, null);
        } catch (RuntimeException e) {
            return failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Answer failed(String error) {
        return new Answer(null, List.of(), Map.of(), error);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
