package io.ragchat.fuzz;

import static io.ragchat.fuzz.RequestParts.JSON;

import java.util.List;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests for each endpoint of the API, built from {@link RequestParts}: mostly the endpoint's own shape
 * with odd values (so that the checks behind the parsing are reached, and some requests are accepted),
 * and a share of anything at all.
 */
final class EndpointRequests {

    /** {@code quarkus.http.limits.max-body-size} (8M): larger bodies are refused by the HTTP layer. */
    static final int BODY_LIMIT = 8 * 1024 * 1024;

    private final List<UUID> documents;
    private final List<UUID> conversations;

    EndpointRequests(List<UUID> documents, List<UUID> conversations) {
        this.documents = documents;
        this.conversations = conversations;
    }

    Arbitrary<FuzzRequest> chat() {
        Arbitrary<String> usualAccept = Arbitraries.of("text/event-stream", "text/plain", JSON);
        return Combinators.combine(RequestParts.jsonBody(chatBody()), RequestParts.contentType(JSON),
                usualAccept.flatMap(RequestParts::accept), Credentials.any(), RequestParts.extraHeader().injectNull(0.7))
                .as((body, contentType, accept, auth, extra) -> common(FuzzRequest.of("POST", "/api/chat"), contentType, accept,
                        auth, extra).body(body));
    }

    Arbitrary<FuzzRequest> chatStream() {
        Arbitrary<String> query = Combinators.combine(
                param("message", UnicodeText.any().map(RequestParts::encode)),
                param("conversationId", RequestParts.id(conversations)),
                param("topK", RequestParts.number()),
                param("model", Arbitraries.of("fast", "large", "x", "%00")))
                .as((a, b, c, d) -> String.join("&", List.of(a, b, c, d).stream().filter(p -> !p.isEmpty()).toList()));
        return Combinators.combine(query, RequestParts.accept("text/event-stream"), Credentials.any(),
                RequestParts.extraHeader().injectNull(0.7))
                .as((q, accept, auth, extra) -> common(FuzzRequest.of("GET", "/api/chat/stream?" + q), null, accept, auth, extra));
    }

    Arbitrary<FuzzRequest> documents() {
        Arbitrary<FuzzRequest> json = Combinators.combine(RequestParts.jsonBody(documentBody()), RequestParts.contentType(JSON),
                Credentials.any())
                .as((body, type, auth) -> common(FuzzRequest.of("POST", "/api/documents"), type, JSON, auth, null).body(body));
        Arbitrary<FuzzRequest> text = Combinators.combine(
                Arbitraries.oneOf(UnicodeText.any().map(RequestParts::utf8), RequestParts.invalidUtf8(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                param("title", UnicodeText.any().map(RequestParts::encode)), param("source", UnicodeText.any().map(RequestParts::encode)),
                RequestParts.contentType("text/markdown"), Credentials.any())
                .as((body, title, source, type, auth) -> common(FuzzRequest.of("POST", "/api/documents?" + title + "&" + source),
                        type, JSON, auth, null).body(body));
        Arbitrary<FuzzRequest> list = Combinators.combine(param("limit", RequestParts.number()), param("offset", RequestParts.number()),
                RequestParts.accept(JSON), Credentials.any())
                .as((limit, offset, accept, auth) -> common(FuzzRequest.of("GET", "/api/documents?" + limit + "&" + offset), null,
                        accept, auth, null));
        Arbitrary<FuzzRequest> one = Combinators.combine(Arbitraries.of("GET", "DELETE"), RequestParts.id(documents),
                Arbitraries.of("", "/content"), RequestParts.accept(JSON), Credentials.any())
                .as((method, id, suffix, accept, auth) -> common(FuzzRequest.of(method, "/api/documents/" + id + suffix), null,
                        accept, auth, null));
        return Arbitraries.frequencyOf(Tuple.of(3, json), Tuple.of(2, text), Tuple.of(1, list), Tuple.of(3, one));
    }

    Arbitrary<FuzzRequest> conversations() {
        Arbitrary<FuzzRequest> list = Combinators.combine(param("limit", RequestParts.number()), RequestParts.accept(JSON),
                Credentials.any())
                .as((limit, accept, auth) -> common(FuzzRequest.of("GET", "/api/conversations?" + limit), null, accept, auth, null));
        Arbitrary<FuzzRequest> one = Combinators.combine(RequestParts.id(conversations), Arbitraries.of("", "/messages"),
                RequestParts.accept(JSON), Credentials.any())
                .as((id, suffix, accept, auth) -> common(FuzzRequest.of("GET", "/api/conversations/" + id + suffix), null, accept,
                        auth, null));
        return Arbitraries.frequencyOf(Tuple.of(1, list), Tuple.of(3, one));
    }

    Arbitrary<FuzzRequest> openAi() {
        Arbitrary<FuzzRequest> completions = Combinators.combine(RequestParts.jsonBody(completionBody()), RequestParts.contentType(JSON),
                RequestParts.accept(JSON), Credentials.any(), RequestParts.extraHeader().injectNull(0.5))
                .as((body, type, accept, auth, extra) -> common(FuzzRequest.of("POST", "/v1/chat/completions"), type, accept, auth,
                        extra).body(body));
        Arbitrary<String> modelId = Arbitraries.oneOf(Arbitraries.of("ragchat", "RAGCHAT", "gpt-4o", "ragchat%00", "%2e%2e", "ragchat/x"),
                RequestParts.id(List.of()));
        Arbitrary<FuzzRequest> models = Combinators.combine(Arbitraries.of("", "/"), modelId, RequestParts.accept(JSON),
                Credentials.any())
                .as((slash, id, accept, auth) -> common(FuzzRequest.of("GET", slash.isEmpty() ? "/v1/models" : "/v1/models/" + id),
                        null, accept, auth, null));
        return Arbitraries.frequencyOf(Tuple.of(4, completions), Tuple.of(1, models));
    }

    /** Every method on known and unknown paths, and the known paths written oddly. */
    Arbitrary<FuzzRequest> oddPathsAndMethods() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get");
        Arbitrary<String> path = Arbitraries.of("/api", "/api/", "/api/chat", "/api/chat/", "/api//documents", "/api/documents/",
                "/api/documents/../conversations", "/api/%2e%2e/api/documents", "/api/chat/stream/x", "/api/conversations/",
                "/API/CHAT", "/api/chat;jsessionid=x", "/v1", "/v1/", "/v1/chat", "/v1/completions", "/v1/embeddings",
                "/v1/models/", "/v1/chat/completions/x", "/v2/models", "/q/nope", "/%00", "/nope.html", "/..%2f..%2fetc/passwd",
                "/api/documents/" + "a/".repeat(200), "/api/chat?" + "a=b&".repeat(500), "/" + "x".repeat(6000),
                "/api/chat/stream?message=%", "/api/chat/stream?message=%zz", "/api/documents?limit=%E2");
        return Combinators.combine(method, path, Arbitraries.of(new byte[0], RequestParts.utf8("{}"), RequestParts.utf8("x")),
                RequestParts.contentType(JSON).injectNull(0.3), RequestParts.accept(JSON), Credentials.any())
                .as((m, p, body, type, accept, auth) -> common(FuzzRequest.of(m, p), type, accept, auth, null).body(body));
    }

    /**
     * Bodies over the HTTP layer's limit, and under it but over the service's own limits (message length,
     * document size, title length). Few: each one is megabytes.
     */
    Arbitrary<FuzzRequest> hugeBodies() {
        Arbitrary<FuzzRequest> overBodyLimit = Arbitraries.of("/api/chat", "/api/documents", "/v1/chat/completions")
                .map(path -> FuzzRequest.of("POST", path).header("Content-Type", JSON).body(jsonWithLongString("message", BODY_LIMIT + 1)));
        Arbitrary<FuzzRequest> longQuestion = Arbitraries.integers().between(4001, 200_000).map(n -> FuzzRequest.of("POST", "/api/chat")
                .header("Content-Type", JSON).header("Accept", "text/event-stream").body(jsonWithLongString("message", n)));
        Arbitrary<FuzzRequest> longCompletion = Arbitraries.integers().between(4001, 200_000).map(n -> FuzzRequest.of("POST",
                "/v1/chat/completions").header("Content-Type", JSON).body("{\"model\":\"ragchat\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + "q".repeat(n) + "\"}]}"));
        Arbitrary<FuzzRequest> largeDocument = Arbitraries.just(1_000_001).map(n -> FuzzRequest.of("POST",
                "/api/documents?title=big").header("Content-Type", "text/plain").body("d".repeat(n)));
        Arbitrary<FuzzRequest> longTitle = Arbitraries.integers().between(501, 100_000).map(n -> FuzzRequest.of("POST", "/api/documents")
                .header("Content-Type", JSON).body("{\"title\":\"" + "t".repeat(n) + "\",\"content\":\"c\"}"));
        return Arbitraries.oneOf(overBodyLimit, longQuestion, longCompletion, largeDocument, longTitle)
                .map(Credentials::asCaller);
    }

    private Arbitrary<String> chatBody() {
        return Combinators.combine(
                member(6, UnicodeText.any().map(JsonText::string), 1),
                member(1, Arbitraries.oneOf(RequestParts.id(conversations).map(JsonText::string), JsonText.scalar()), 4),
                member(2, Arbitraries.oneOf(Arbitraries.integers().between(-2, 12).map(String::valueOf), JsonText.scalar()), 3),
                member(1, JsonText.object(1), 4),
                member(1, Arbitraries.oneOf(Arbitraries.of("\"fast\"", "\"large\""), JsonText.scalar()), 5))
                .as((message, conversation, topK, filter, model) -> JsonText.object(List.of(Tuple.of("message", message),
                        Tuple.of("conversationId", conversation), Tuple.of("topK", topK), Tuple.of("filter", filter),
                        Tuple.of("model", model))));
    }

    private Arbitrary<String> documentBody() {
        Arbitrary<String> text = UnicodeText.any().map(JsonText::string);
        return Combinators.combine(
                member(6, Arbitraries.oneOf(text, Arbitraries.just(JsonText.string("t".repeat(501)))), 1),
                member(1, text, 2),
                member(6, Arbitraries.oneOf(text, Arbitraries.just(JsonText.string("# Heading\n\nA paragraph. Another one."))), 1),
                member(1, JsonText.object(2), 2))
                .as((title, source, content, metadata) -> JsonText.object(List.of(Tuple.of("title", title), Tuple.of("source", source),
                        Tuple.of("content", content), Tuple.of("metadata", metadata))));
    }

    private Arbitrary<String> completionBody() {
        Arbitrary<String> role = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("\"user\"")),
                Tuple.of(2, Arbitraries.of("\"assistant\"", "\"system\"", "\"tool\"", "\"USER\"")), Tuple.of(1, JsonText.scalar()));
        Arbitrary<String> content = Arbitraries.frequencyOf(
                Tuple.of(5, UnicodeText.any().map(JsonText::string)),
                Tuple.of(2, UnicodeText.any().map(t -> "[{\"type\":\"text\",\"text\":" + JsonText.string(t) + "}]")),
                Tuple.of(1, Arbitraries.of("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]", "[1,2]", "[{}]", "[null]", "{}")),
                Tuple.of(1, JsonText.scalar()));
        Arbitrary<String> message = Combinators.combine(member(6, role, 1), member(6, content, 1))
                .as((r, c) -> JsonText.object(List.of(Tuple.of("role", r), Tuple.of("content", c))));
        Arbitrary<String> messages = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.oneOf(message, Arbitraries.just("null"), JsonText.scalar()).list().ofMinSize(1).ofMaxSize(3)
                        .map(items -> "[" + String.join(",", items) + "]")),
                Tuple.of(1, Arbitraries.of("[]", "null", "{}", "\"hi\"")));
        Arbitrary<String> ragchat = Combinators.combine(
                member(1, Arbitraries.oneOf(RequestParts.id(conversations).map(JsonText::string), JsonText.scalar()), 2),
                member(1, Arbitraries.oneOf(Arbitraries.integers().between(-2, 12).map(String::valueOf), JsonText.scalar()), 2),
                member(1, JsonText.object(1), 2))
                .as((c, t, f) -> JsonText.object(List.of(Tuple.of("conversationId", c), Tuple.of("topK", t), Tuple.of("filter", f))));
        return Combinators.combine(
                member(12, Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("\"ragchat\"")),
                        Tuple.of(1, Arbitraries.of("\"gpt-4o\"", "\"\"")), Tuple.of(1, JsonText.scalar())), 1),
                member(8, messages, 1),
                member(1, Arbitraries.oneOf(Arbitraries.of("true", "false"), JsonText.scalar()), 2),
                member(1, Arbitraries.oneOf(Arbitraries.just("{\"include_usage\":true}"), JsonText.scalar()), 3),
                member(1, Arbitraries.oneOf(Arbitraries.of("1", "2", "0"), JsonText.scalar()), 4),
                member(1, ragchat, 3))
                .as((model, msgs, stream, options, n, extension) -> JsonText.object(List.of(Tuple.of("model", model),
                        Tuple.of("messages", msgs), Tuple.of("stream", stream), Tuple.of("stream_options", options), Tuple.of("n", n),
                        Tuple.of("ragchat", extension))));
    }

    /** A member's JSON value, or null (left out) with weight {@code absent} against {@code present}. */
    private static Arbitrary<String> member(int present, Arbitrary<String> value, int absent) {
        return Arbitraries.frequencyOf(Tuple.of(present, value), Tuple.of(absent, Arbitraries.just((String) null)));
    }

    /** {@code name=value}, or nothing, or the name alone, or the parameter twice. */
    private static Arbitrary<String> param(String name, Arbitrary<String> value) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, value.map(v -> name + "=" + v)),
                Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of(name, name + "=")),
                Tuple.of(1, value.map(v -> name + "=" + v + "&" + name + "=" + v)));
    }

    private static FuzzRequest common(FuzzRequest request, String contentType, String accept, List<FuzzRequest.Header> credentials,
            Tuple.Tuple2<String, String> extra) {
        FuzzRequest built = request.header("Content-Type", contentType).header("Accept", accept).headers(credentials);
        return extra == null ? built : built.header(extra.get1(), extra.get2());
    }

    private static byte[] jsonWithLongString(String field, int length) {
        byte[] start = RequestParts.utf8("{\"" + field + "\":\"");
        byte[] body = new byte[start.length + length + 2];
        System.arraycopy(start, 0, body, 0, start.length);
        java.util.Arrays.fill(body, start.length, start.length + length, (byte) 'a');
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }
}
