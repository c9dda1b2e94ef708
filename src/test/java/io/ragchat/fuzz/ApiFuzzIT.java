package io.ragchat.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.testing.Lane;

/**
 * Property-based fuzzing of every endpoint against the packaged service, with authentication on as in
 * production: random JSON of every shape, hostile Unicode and invalid UTF-8, truncated and huge bodies, odd
 * media types, ids, query values, methods and paths, and {@link Credentials} valid and refused. Whatever arrives:
 * <ul>
 *   <li>the status is never 5xx (the model is the healthy simulator, so even a 502/503 would be a bug), and a
 *   stream that started never ends in an error event;</li>
 *   <li>every 4xx (401 included) is a problem ({@code application/problem+json} with type, title and the same
 *   status), or on {@code /v1} OpenAI's error shape;</li>
 *   <li>no error body shows a stack trace, a Java class name or SQL;</li>
 *   <li>a refused request writes nothing: the rows of document, chunk, conversation and message are the same
 *   before and after it (accepted answers are committed before their response ends, so counts taken
 *   between requests are settled);</li>
 *   <li>a request without exactly one valid credential never gets a 2xx from a path that is not public: it gets
 *   401, unless refused before authentication (CORS, body and header limits);</li>
 *   <li>a query value of the wrong type ({@code ?limit=abc}) is a 400 naming the parameter, never a 404.</li>
 * </ul>
 * The service is a separate process (as {@code ./ragchat} runs it). Requests come from seeded {@link Gen}erators
 * through {@link PropertyTries}, which reports a failure shrunk to a small request with the seed that replays
 * it. Raise the tries with {@code -Dragchat.fuzz.tries-factor=N}.
 */
@ResourceLock(Lane.TEST_DATABASE)
class ApiFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_TRACE = Pattern.compile("\\tat [\\w.$]+\\(|\\.java:\\d+\\)|\\bCaused by:");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|io\\.(?:ragchat|vertx|quarkus|smallrye|netty)|org\\.(?:hibernate|postgresql|jboss)"
                    + "|com\\.fasterxml)\\.[\\w.$]*|\\b\\w+(?:Exception|Error)\\b|\\b[A-Z]\\w+\\.\\w+\\(\\)");
    /** quarkus.http.auth.permission.public.paths: what anyone may read. */
    private static final Pattern PUBLIC_PATH = Pattern.compile(
            "/(?:index\\.html|app\\.js|sse\\.js|markdown\\.js|app\\.css|favicon\\.svg|favicon\\.ico)?|/q/(?:health|metrics|openapi|swagger-ui)(?:/.*)?");
    private static final Pattern SQL = Pattern.compile(
            "(?i)\\b(?:select\\s.+\\sfrom|insert\\s+into|update\\s+\\w+\\s+set|delete\\s+from)\\b|SQLSTATE|\\bPgException\\b"
                    + "|syntax error at or near|violates \\w+ constraint|invalid byte sequence for encoding");

    private static ServiceUnderTest service;
    private static RawHttpClient http;
    private static EndpointRequests requests;
    private static final PropertyTries PROPERTIES = new PropertyTries(ApiFuzzIT.class.getSimpleName());

    @BeforeAll
    static void startService() throws IOException {
        service = ServiceUnderTest.start();
        http = new RawHttpClient(service.port());
        List<UUID> documents = new ArrayList<>();
        List<UUID> conversations = new ArrayList<>();
        for (String content : List.of("Items can be returned within 30 days with a receipt.", "Refunds take five working days.")) {
            FuzzResponse created = accepted(FuzzRequest.of("POST", "/api/documents").header("Content-Type", RequestParts.JSON)
                    .body("{\"title\":\"Returns\",\"content\":\"" + content + " " + UUID.randomUUID() + "\"}"));
            documents.add(UUID.fromString(JSON.readTree(created.body()).get("id").asText()));
        }
        FuzzResponse answer = accepted(FuzzRequest.of("POST", "/api/chat").header("Content-Type", RequestParts.JSON)
                .header("Accept", RequestParts.JSON).body("{\"message\":\"" + UnicodeText.QUESTION + "\"}"));
        conversations.add(UUID.fromString(JSON.readTree(answer.body()).get("conversationId").asText()));
        requests = new EndpointRequests(documents, conversations);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void chat() {
        PROPERTIES.check("chat", 200, requests.chat(), ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void chatStream() {
        PROPERTIES.check("chatStream", 60, requests.chatStream(), ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void documents() {
        PROPERTIES.check("documents", 200, requests.documents(), ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void conversations() {
        PROPERTIES.check("conversations", 80, requests.conversations(), ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void openAi() {
        PROPERTIES.check("openAi", 200, requests.openAi(), ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void oddPathsAndMethods() {
        PROPERTIES.check("oddPathsAndMethods", 100, requests.oddPathsAndMethods(),
                ApiFuzzIT::answeredWithoutServerErrorAndRefusalsWriteNothing);
    }

    @Test
    void hugeBodies() {
        PROPERTIES.check("hugeBodies", 8, requests.hugeBodies(), request -> {
            FuzzResponse response = answeredWithoutServerErrorAndRefusalsWriteNothing(request);
            assertThat(response.status()).as("%s → %s", request, response).isIn(400, 413);
        });
    }

    // The requests that found each bug fixed so far, kept as examples so that they are sent on every run.

    @Test
    void textPostgresqlCannotStoreIsRefusedBeforeAnythingIsWritten() {
        assertRefused(chat("{\"message\":\"a\\u0000b\"}"), 400);
        assertRefused(chat("{\"message\":\"a\\udbeeb\"}"), 400);
        assertRefused(chat("{\"message\":\"hi\",\"filter\":{\"team\":\"\\u0000\"}}"), 400);
        assertRefused(document("{\"title\":\"t\\u0000\",\"content\":\"c\"}"), 400);
        assertRefused(document("{\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"k\":\"\\ud800\"}}"), 400);
    }

    @Test
    void textWithNothingToEmbedIsBlank() {
        assertRefused(chat("{\"message\":\"\\u0001\\u200b\\ufeff\"}"), 400);
        assertRefused(document("{\"title\":\"t\",\"content\":\"\\ufffd\\u0301\"}"), 400);
        // Private-use and unassigned code points: the tokenizer drops them too.
        assertRefused(chat("{\"message\":\"\\ue000\\uffff\"}"), 400);
        assertRefused(Credentials.asCaller(FuzzRequest.of("POST", "/api/documents?title=t")).header("Content-Type", "text/markdown")
                .body("\ue000"), 400);
        assertRefused(Credentials.asCaller(FuzzRequest.of("POST", "/api/documents?title=t")).header("Content-Type", "text/markdown")
                .body(new byte[] { (byte) 0xb9 }), 400);
    }

    @Test
    void malformedMediaTypesAreRefusedBeforeAnyWork() {
        assertRefused(chat("{\"message\":\"hi\"}", "garbage", "text/event-stream"), 415);
        assertRefused(chat("{\"message\":\"hi\"}", RequestParts.JSON, "*/json"), 406);
        assertRefused(chat("{\"message\":\"hi\"}", RequestParts.JSON, ",,,"), 406);
    }

    @Test
    void jsonErrorsNameTheFieldNotTheJavaType() {
        FuzzResponse response = assertRefused(chat("{\"message\":\"hi\",\"conversationId\":\"x\"}"), 400);
        assertThat(json(response, response.toString()).path("detail").asText()).contains("conversationId: must be a UUID");
    }

    @Test
    void httpLayerRefusalsAreProblemsAndOpenAiErrorsOnV1() {
        assertRefused(Credentials.asCaller(FuzzRequest.of("POST", "/api/chat")).header("Content-Type", RequestParts.JSON)
                .body(new byte[EndpointRequests.BODY_LIMIT + 1]), 413);
        FuzzResponse unknown = assertRefused(Credentials.asCaller(FuzzRequest.of("GET", "/v1/nope")), 404);
        assertThat(unknown.mediaType()).isEqualTo("application/json");
    }

    @Test
    void aWildcardMediaTypeNamesNoDocumentFormat() {
        assertRefused(Credentials.asCaller(FuzzRequest.of("POST", "/api/documents")).header("Content-Type", "text/*"), 415);
    }

    @Test
    void metadataNestedDeepIsCheckedWithoutOverflowingTheStack() {
        int depth = 900; // under the JSON parser's nesting limit (1000), so it reaches the service's own checks
        String nested = "{\"a\":".repeat(depth) + "\"\\u0000\"" + "}".repeat(depth);
        assertRefused(document("{\"title\":\"t\",\"content\":\"c\",\"metadata\":" + nested + "}"), 400);
    }

    @Test
    void queryValuesOfTheWrongTypeAreBadRequestsNamingTheParameter() {
        assertNamed(assertRefused(get("/api/conversations?limit=abc"), 400), "limit");
        assertNamed(assertRefused(get("/api/documents?limit=5&offset=1.5"), 400), "offset");
        assertNamed(assertRefused(get("/api/chat/stream?message=hi&topK=abc"), 400), "topK");
        assertNamed(assertRefused(get("/api/chat/stream?message=hi&conversationId=zz"), 400), "conversationId");
        // An id in the path that cannot be one names no resource: 404, as for an unknown id.
        assertRefused(get("/api/documents/not-a-uuid"), 404);
        assertRefused(get("/api/conversations/not-a-uuid/messages"), 404);
    }

    private static void assertNamed(FuzzResponse response, String parameter) {
        JsonNode problem = json(response, response.toString());
        assertThat(problem.path("detail").asText()).as(response.toString()).startsWith(parameter + ": ");
        assertThat(problem.path("violations").path(0).path("field").asText()).as(response.toString()).isEqualTo(parameter);
    }

    private static FuzzRequest get(String target) {
        return Credentials.asCaller(FuzzRequest.of("GET", target).header("Accept", RequestParts.JSON));
    }

    private static FuzzRequest chat(String body) {
        return chat(body, RequestParts.JSON, "text/event-stream");
    }

    private static FuzzRequest chat(String body, String contentType, String accept) {
        return Credentials.asCaller(FuzzRequest.of("POST", "/api/chat")).header("Content-Type", contentType).header("Accept", accept)
                .body(body);
    }

    private static FuzzRequest document(String body) {
        return Credentials.asCaller(FuzzRequest.of("POST", "/api/documents")).header("Content-Type", RequestParts.JSON).body(body);
    }

    private static FuzzResponse assertRefused(FuzzRequest request, int status) {
        FuzzResponse response = answeredWithoutServerErrorAndRefusalsWriteNothing(request);
        assertThat(response.status()).as("%s → %s", request, response).isEqualTo(status);
        return response;
    }

    private static FuzzResponse answeredWithoutServerErrorAndRefusalsWriteNothing(FuzzRequest request) {
        RowCounts before = service.rows();
        FuzzResponse response = send(request);
        String what = request + "\n  → " + response + "\n  (service log: " + service.log() + ")";

        assertThat(response.status()).as("no server error: %s", what).isBetween(200, 499);
        if (!Credentials.areValid(request) && isProtected(request)) {
            // 401, unless a layer before authentication refused it first: CORS (403), the body limit (413), the
            // HTTP codec (414, 431).
            assertThat(response.status()).as("refused credentials: %s", what).isIn(401, 403, 413, 414, 431);
        }
        if (isList(request)) {
            assertThat(response.status()).as("a list that exists: %s", what).isNotEqualTo(404);
        }
        if (response.status() >= 400) {
            if (!isUri(request.target())) {
                // The HTTP server refuses a request-target that is no URI (/a%zz, raw non-ASCII bytes) with a bare
                // 400 before any application code runs.
                assertThat(response.status()).as(what).isEqualTo(400);
            } else if (response.status() == 414 || response.status() == 431) {
                // So does the HTTP codec a request line or headers over its limits: nothing else to check.
                assertThat(request.target().length() + request.headers().toString().length()).as(what).isGreaterThan(4000);
            } else if (!request.values("Origin").isEmpty()) {
                // And Quarkus's CORS filter a request from an origin not allowed (none is, by default): a bare 403,
                // which a browser would not show the calling script anyway.
                assertThat(response.status()).as(what).isEqualTo(403);
            } else if (expectsOpenAiShape(request)) {
                openAiError(response, what);
            } else {
                problem(response, what);
            }
            String body = response.text();
            assertThat(STACK_TRACE.matcher(body).find()).as("a stack trace in %s", what).isFalse();
            assertThat(CLASS_NAME.matcher(body).results().map(m -> m.group()).toList()).as("Java names in %s", what).isEmpty();
            assertThat(SQL.matcher(body).find()).as("SQL in %s", what).isFalse();
            assertThat(service.rows()).as("rows after the refused %s", what).isEqualTo(before);
        } else if (response.mediaType().equals("text/event-stream")) {
            String events = response.text();
            assertThat(events).as("an accepted stream ends well: %s", what).doesNotContain("event: error", "data: {\"error\"");
            assertThat(events).as(what).containsAnyOf("event: done", "data: [DONE]");
        }
        return response;
    }

    private static void problem(FuzzResponse response, String what) {
        assertThat(response.mediaType()).as("problem media type: %s", what).isEqualTo("application/problem+json");
        if (response.body().length == 0) {
            return; // HEAD: the headers only
        }
        JsonNode problem = json(response, what);
        assertThat(problem.path("type").isTextual()).as("type: %s", what).isTrue();
        assertThat(problem.path("title").asText()).as("title: %s", what).isNotBlank();
        assertThat(problem.path("status").asInt()).as("status: %s", what).isEqualTo(response.status());
    }

    private static void openAiError(FuzzResponse response, String what) {
        assertThat(response.mediaType()).as("OpenAI error media type: %s", what).isEqualTo("application/json");
        if (response.body().length == 0) {
            return;
        }
        JsonNode error = json(response, what).path("error");
        assertThat(error.path("message").isTextual()).as("error.message: %s", what).isTrue();
        assertThat(error.path("type").asText()).as("error.type: %s", what).isEqualTo("invalid_request_error");
        assertThat(error.path("code").isTextual()).as("error.code: %s", what).isTrue();
    }

    /**
     * /v1 answers in OpenAI's shape, except a body over the HTTP layer's size limit, refused before the
     * request is routed (a problem, as everywhere).
     */
    private static boolean expectsOpenAiShape(FuzzRequest request) {
        if (request.body().length > EndpointRequests.BODY_LIMIT) {
            return false;
        }
        String path = normalizedPath(request);
        return path != null && (path.equals("/v1") || path.startsWith("/v1/"));
    }

    /** Every path but the public ones needs a caller (a target that is no URI is refused before it is routed). */
    private static boolean isProtected(FuzzRequest request) {
        if (!isUri(request.target())) {
            return false;
        }
        String path = normalizedPath(request);
        return path == null || !PUBLIC_PATH.matcher(path).matches();
    }

    /** A list endpoint, which exists whatever its query says. */
    private static boolean isList(FuzzRequest request) {
        return request.method().equals("GET") && Credentials.areValid(request) && isUri(request.target())
                && List.of("/api/documents", "/api/conversations").contains(request.path());
    }

    private static String normalizedPath(FuzzRequest request) {
        return URI.create(request.path().replaceAll("(?i)%2e", ".")).normalize().getPath();
    }

    /** As the HTTP server sees the target: its bytes, one character each. */
    private static boolean isUri(String target) {
        try {
            new URI(new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static JsonNode json(FuzzResponse response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return fail("not JSON: " + what);
        }
    }

    private static FuzzResponse send(FuzzRequest request) {
        try {
            return http.send(request);
        } catch (IOException e) {
            return fail("no complete response to " + request + ": " + e.getMessage() + " (service log: " + service.log() + ")");
        }
    }

    /** A request of the token's caller that must succeed: the fixtures the generated requests refer to. */
    private static FuzzResponse accepted(FuzzRequest request) {
        FuzzResponse response = send(Credentials.asCaller(request));
        assertThat(response.status()).as("%s → %s", request, response).isBetween(200, 299);
        return response;
    }
}
