package io.ragchat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.vertx.core.json.Json;

/**
 * Reads a Server-Sent Events response the way a browser does, noting when each event arrived, so tests
 * can assert that tokens were streamed over time rather than delivered at the end.
 */
public final class SseClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SseClient() {
    }

    /** One event: its name, its JSON data, and when it arrived (System.nanoTime). */
    public record Event(String name, String data, long receivedNanos) {
        public <T> T as(Class<T> type) {
            return Json.decodeValue(data, type);
        }
    }

    public static List<Event> post(URI uri, String json) {
        return read(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(), e -> false);
    }

    /**
     * The same POST through a client of the caller's (a benchmark shares one HTTP/1.1 client among many
     * concurrent streams). A status other than 200 throws {@link AssertionError}, as in the other methods.
     */
    public static List<Event> post(HttpClient http, URI uri, String json) {
        return read(http, HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(), e -> false);
    }

    /** Through the caller's client, reads until {@code stopAfter} accepts an event; then closes the connection. */
    public static List<Event> post(HttpClient http, URI uri, String json, Predicate<Event> stopAfter) {
        return read(http, HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(), stopAfter);
    }

    public static List<Event> get(URI uri) {
        return read(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(), e -> false);
    }

    /** Reads until the stream ends or {@code stopAfter} accepts an event; then closes the connection. */
    public static List<Event> post(URI uri, String json, Predicate<Event> stopAfter) {
        return read(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(), stopAfter);
    }

    private static List<Event> read(HttpRequest request, Predicate<Event> stopAfter) {
        return read(HTTP, request, stopAfter);
    }

    private static List<Event> read(HttpClient http, HttpRequest request, Predicate<Event> stopAfter) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + ": "
                        + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            List<Event> events = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            Event event = new Event(name, data.toString(), System.nanoTime());
                            events.add(event);
                            if (stopAfter.test(event)) {
                                return events;
                            }
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).stripLeading());
                    }
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
