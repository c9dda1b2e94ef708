package io.ragchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixed documents and questions: this project's README.md and docs/*.md, and questions a reader of
 * them would ask. Ingesting is idempotent (a document is keyed by its source path).
 */
final class Corpus {

    static final List<String> QUESTIONS = List.of(
            "How does ragchat keep the time to first token low?",
            "What does the embedding cache store and where?",
            "How are documents split into chunks?",
            "Which language model providers can ragchat use?",
            "How does ragchat write the conversation history?",
            "What do the health endpoints report?");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Corpus() {
    }

    static List<Path> documents() {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        Path docs = Path.of("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> list = Files.list(docs)) {
                list.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().startsWith("benchmarks"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Sends every document; answers the number of chunks the service reports for them. */
    static int ingest(AppProcess app) {
        int chunks = 0;
        for (Path file : documents()) {
            try {
                String content = Files.readString(file);
                String title = content.lines().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2).strip())
                        .orElse(file.getFileName().toString());
                String query = "?title=" + URLEncoder.encode(title, StandardCharsets.UTF_8) + "&source="
                        + URLEncoder.encode("bench:" + file, StandardCharsets.UTF_8);
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(app.uri("/api/documents" + query))
                        .timeout(Duration.ofMinutes(2)).header("Content-Type", "text/markdown")
                        .POST(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("ingesting " + file + ": HTTP " + response.statusCode() + " " + response.body());
                }
                chunks += new io.vertx.core.json.JsonObject(response.body()).getInteger("chunks", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return chunks;
    }
}
