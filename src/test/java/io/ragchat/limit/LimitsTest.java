package io.ragchat.limit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.limit.service.RequestLimits;
import io.ragchat.testing.Database;
import io.ragchat.testing.ManualClock;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The limits as a client meets them, over real HTTP with the LLM simulator: the question rate (429), the
 * caps on answers in progress (503), both with Retry-After and nothing written; the deadline; and CORS.
 * Every request here is the anonymous caller; two distinct callers are tested in StreamSlotsTest.
 */
@QuarkusTest
@TestProfile(LimitsTestProfile.class)
class LimitsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    Database db;

    @Inject
    RequestLimits limits;

    @Inject
    ManualClock clock;

    @TestHTTPResource("/api/chat")
    URL chat;

    private final List<OpenStream> open = new ArrayList<>();

    @BeforeEach
    void quietCaller() {
        // Start each test with a full bucket (3 tokens, 2 a second: full 1.5 s after emptied) and no answer in
        // progress.
        clock.advance(Duration.ofSeconds(2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> limits.streamsInUse() == 0);
    }

    @AfterEach
    void restore() {
        open.forEach(OpenStream::close);
        simulator.clearFault();
        simulator.profile(SimulatorProfile.fast());
    }

    @Test
    void aCallerOverItsRateGets429WithRetryAfterAndNothingIsWritten() {
        String marker = unique("rate");
        double rejectedBefore = rejected("rate");
        json(marker + " admitted").then().statusCode(200);
        String asked = marker + " refused";
        Response refused = refusedAfterDraining(() -> json(asked));

        refused.then().statusCode(429).contentType("application/problem+json")
                .body("status", is(429)).body("title", is("Too Many Requests"))
                .body("detail", containsString("ragchat.limit.questions-per-minute"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isEqualTo(1); // one token every 500 ms, rounded up to whole seconds
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> questionsStored(marker + " admitted") == 1);
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> questionsStored(asked) == 0);
        assertThat(rejected("rate")).isGreaterThan(rejectedBefore);

        // Retry-After tells the truth: after it, the next question is admitted.
        clock.advance(Duration.ofSeconds(retryAfter));
        json(marker + " after waiting").then().statusCode(200);
    }

    @Test
    void everyQuestionEndpointIsRateLimitedAndABrowserCanReadRetryAfter() {
        Response events = refusedAfterDraining(() -> given().contentType(ContentType.JSON).accept("text/event-stream")
                .header("Origin", LimitsTestProfile.ALLOWED_ORIGIN)
                .body(Map.of("message", "Streamed question")).post("/api/chat"));
        events.then().statusCode(429).contentType("application/problem+json").body("status", is(429))
                .header("Access-Control-Allow-Origin", LimitsTestProfile.ALLOWED_ORIGIN)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
        assertThat(events.header("Retry-After")).isNotBlank();

        refusedAfterDraining(() -> given().queryParam("message", "EventSource question").get("/api/chat/stream"))
                .then().statusCode(429).header("Retry-After", is("1"));

        Response openAi = refusedAfterDraining(() -> given().contentType(ContentType.JSON)
                .body(Map.of("model", "ragchat", "messages", List.of(Map.of("role", "user", "content", "OpenAI question"))))
                .post("/v1/chat/completions"));
        openAi.then().statusCode(429).contentType(ContentType.JSON)
                .body("error.code", is("rate_limit_exceeded"))
                .body("error.message", containsString("ragchat.limit.questions-per-minute"));
        assertThat(openAi.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void aCallerWithTwoAnswersInProgressGets503UntilOneEnds() {
        simulator.injectFault(new Fault.StallAfterTokens(1));
        OpenStream first = openUntilFirstToken("First slow question");
        openUntilFirstToken("Second slow question");
        assertThat(limits.streamsInUse()).isEqualTo(2);
        double rejectedBefore = rejected("user_streams");

        String third = unique("A third question");
        Response busy = json(third);
        busy.then().statusCode(503).contentType("application/problem+json").body("status", is(503))
                .body("detail", containsString("ragchat.limit.streams-per-user"))
                .header("Retry-After", is("2"));
        Response busyOpenAi = honouringRate(() -> given().contentType(ContentType.JSON)
                .body(Map.of("model", "ragchat", "stream", true,
                        "messages", List.of(Map.of("role", "user", "content", third))))
                .post("/v1/chat/completions"));
        busyOpenAi.then().statusCode(503).body("error.code", is("service_unavailable")).header("Retry-After", is("2"));
        assertThat(rejected("user_streams")).isEqualTo(rejectedBefore + 2);

        first.close();
        // <= 1: on a slow machine the second may already have reached its deadline.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.streamsInUse() <= 1);
        simulator.clearFault();
        String admitted = unique("Admitted again");
        honouringRate(() -> json(admitted)).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> questionsStored(admitted) == 1);
        assertThat(questionsStored(third)).as("the refused question wrote nothing").isZero();
    }

    @Test
    void noSlotIsLeftBehindHoweverAnswersEnd() {
        // Cancelled by the client after the first token.
        simulator.updateProfile(p -> p.decodeTokensPerSecond(20).answerTokens(400));
        for (int i = 0; i < 3; i++) {
            honouringRate(() -> {
                openUntilFirstToken("A question the client abandons").close();
                return null;
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.streamsInUse() == 0);
        }
        // Failed by the model mid-stream.
        simulator.profile(SimulatorProfile.fast());
        simulator.injectFault(new Fault.FailAfterTokens(2, "out of memory"));
        for (int i = 0; i < 3; i++) {
            Response failed = honouringRate(() -> given().contentType(ContentType.JSON).accept("text/event-stream")
                    .body(Map.of("message", "A question the model fails")).post("/api/chat"));
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.asString()).contains("event: error");
        }
        simulator.clearFault();
        // Refused after its slot was taken: an unknown conversation is only found by reading the database.
        for (int i = 0; i < 3; i++) {
            honouringRate(() -> json(Map.of("message", "Who?", "conversationId", UUID.randomUUID().toString())))
                    .then().statusCode(404);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.streamsInUse() == 0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains("ragchat_streams_active 0.0"));
        honouringRate(() -> json("Still admitted")).then().statusCode(200);
        honouringRate(() -> json("And once more")).then().statusCode(200);
    }

    @Test
    void anAnswerPastItsDeadlineEndsWith504AndIsStoredAsFailedWithItsPartialText() {
        simulator.updateProfile(p -> p.decodeTokensPerSecond(10).answerTokens(400));
        long cancelledBefore = simulator.stats().cancelledStreams();
        double deadlinesBefore = rejected("deadline");

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"Tell me everything\"}");

        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        JsonObject problem = new JsonObject(last.data());
        assertThat(problem.getInteger("status")).isEqualTo(504);
        assertThat(problem.getString("detail")).contains("ragchat.chat.deadline");
        String partial = events.stream().filter(e -> e.name().equals("token"))
                .map(e -> new JsonObject(e.data()).getString("text")).collect(Collectors.joining());
        assertThat(partial).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> simulator.stats().cancelledStreams() > cancelledBefore);
        UUID answerId = UUID.fromString(new JsonObject(events.get(0).data()).getString("messageId"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(db.messageStatus(answerId)));
        assertThat(db.messageContent(answerId)).isEqualTo(partial);
        assertThat(db.count("SELECT count(*) FROM message WHERE id = $1 AND error LIKE '%ragchat.chat.deadline%'", answerId))
                .isEqualTo(1);

        honouringRate(() -> json("Tell me everything, at once")).then().statusCode(504)
                .contentType("application/problem+json").body("status", is(504));
        assertThat(rejected("deadline")).isEqualTo(deadlinesBefore + 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.streamsInUse() == 0);
    }

    @Test
    void onlyConfiguredOriginsGetCorsHeaders() {
        given().header("Origin", LimitsTestProfile.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/api/chat").then()
                .header("Access-Control-Allow-Origin", LimitsTestProfile.ALLOWED_ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"));
        given().header("Origin", LimitsTestProfile.ALLOWED_ORIGIN).get("/v1/models").then().statusCode(200)
                .header("Access-Control-Allow-Origin", LimitsTestProfile.ALLOWED_ORIGIN)
                .header("Access-Control-Expose-Headers", containsString("Server-Timing"));

        String other = "https://elsewhere.example.net";
        given().header("Origin", other).header("Access-Control-Request-Method", "POST")
                .options("/api/chat").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", other).get("/v1/models").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** Spends the caller's tokens, then asks: no token comes back while the clock stands still. */
    private static Response refusedAfterDraining(Supplier<Response> ask) {
        drain();
        return ask.get();
    }

    /** Asks cheap questions until the rate refuses one: an unknown conversation is refused after the rate counted it. */
    private static void drain() {
        for (int i = 0; i < 50; i++) {
            int status = json(Map.of("message", "Which conversation?", "conversationId", UUID.randomUUID().toString()))
                    .statusCode();
            if (status == 429) {
                return;
            }
            assertThat(status).isEqualTo(404);
        }
        throw new AssertionError("50 questions in a row were not refused");
    }

    /** A client that honours Retry-After on 429: what the client guide asks of them. */
    private <T> T honouringRate(Supplier<T> ask) {
        for (int attempt = 0; attempt < 20; attempt++) {
            T result;
            try {
                result = ask.get();
            } catch (RateLimited limited) {
                pause(limited.retryAfterSeconds);
                continue;
            }
            if (result instanceof Response response && response.statusCode() == 429) {
                pause(Long.parseLong(response.header("Retry-After")));
                continue;
            }
            return result;
        }
        throw new AssertionError("Still rate-limited after 20 attempts");
    }

    private void pause(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    private static Response json(String question) {
        return json(Map.of("message", question));
    }

    private static Response json(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post("/api/chat");
    }

    private long questionsStored(String question) {
        return db.count("SELECT count(*) FROM message WHERE content = $1", question);
    }

    private static double rejected(String reason) {
        String prefix = "ragchat_requests_rejected_total{reason=\"" + reason + "\"} ";
        return metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElseThrow();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** An event stream held open after its first token; closing it is the client going away. */
    private OpenStream openUntilFirstToken(String question) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(chat.toString()))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("message", question).encode())).build();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 429) {
                response.body().close();
                throw new RateLimited(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()));
            }
            assertThat(response.statusCode()).isEqualTo(200);
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:") && line.substring(6).strip().equals("token")) {
                    OpenStream stream = new OpenStream(response.body());
                    open.add(stream);
                    return stream;
                }
            }
            throw new AssertionError("The stream ended before its first token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record OpenStream(InputStream body) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static final class RateLimited extends RuntimeException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super(null, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
