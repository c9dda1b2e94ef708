package io.ragchat.fuzz;

import static io.ragchat.fuzz.RequestParts.JSON;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.ragchat.fuzz.FuzzRequest.Header;
import io.ragchat.fuzz.JsonText.Member;

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

    Gen<FuzzRequest> chat() {
        Gen<byte[]> body = RequestParts.jsonBody(chatBody());
        Gen<String> contentType = RequestParts.contentType(JSON);
        Gen<String> accept = Gen.of("text/event-stream", "text/plain", JSON).flatMap(RequestParts::accept);
        Gen<List<Header>> credentials = Credentials.any();
        Gen<Header> extra = RequestParts.extraHeader().orNull(0.7);
        return random -> common(FuzzRequest.of("POST", "/api/chat"), contentType.next(random), accept.next(random),
                credentials.next(random), extra.next(random)).body(body.next(random));
    }

    Gen<FuzzRequest> chatStream() {
        Gen<String> query = parameters(
                param("message", UnicodeText.any().map(RequestParts::encode)),
                param("conversationId", RequestParts.id(conversations)),
                param("topK", RequestParts.number()),
                param("model", Gen.of("fast", "large", "x", "%00")));
        Gen<String> accept = RequestParts.accept("text/event-stream");
        Gen<List<Header>> credentials = Credentials.any();
        Gen<Header> extra = RequestParts.extraHeader().orNull(0.7);
        return random -> common(FuzzRequest.of("GET", "/api/chat/stream?" + query.next(random)), null, accept.next(random),
                credentials.next(random), extra.next(random));
    }

    Gen<FuzzRequest> documents() {
        Gen<byte[]> jsonBody = RequestParts.jsonBody(documentBody());
        Gen<String> jsonType = RequestParts.contentType(JSON);
        Gen<List<Header>> credentials = Credentials.any();
        Gen<FuzzRequest> json = random -> common(FuzzRequest.of("POST", "/api/documents"), jsonType.next(random), JSON,
                credentials.next(random), null).body(jsonBody.next(random));

        Gen<byte[]> textBody = Gen.oneOf(UnicodeText.any().map(RequestParts::utf8), RequestParts.invalidUtf8(), Gen.bytes(200));
        Gen<String> title = param("title", UnicodeText.any().map(RequestParts::encode));
        Gen<String> source = param("source", UnicodeText.any().map(RequestParts::encode));
        Gen<String> textQuery = random -> title.next(random) + "&" + source.next(random);
        Gen<String> textType = RequestParts.contentType("text/markdown");
        Gen<FuzzRequest> text = random -> common(FuzzRequest.of("POST", "/api/documents?" + textQuery.next(random)),
                textType.next(random), JSON, credentials.next(random), null).body(textBody.next(random));

        Gen<String> limit = param("limit", RequestParts.number());
        Gen<String> offset = param("offset", RequestParts.number());
        Gen<String> listQuery = random -> limit.next(random) + "&" + offset.next(random);
        Gen<String> accept = RequestParts.accept(JSON);
        Gen<FuzzRequest> list = random -> common(FuzzRequest.of("GET", "/api/documents?" + listQuery.next(random)), null,
                accept.next(random), credentials.next(random), null);

        Gen<String> method = Gen.of("GET", "DELETE");
        Gen<String> id = RequestParts.id(documents);
        Gen<String> suffix = Gen.of("", "/content");
        Gen<FuzzRequest> one = random -> common(FuzzRequest.of(method.next(random), "/api/documents/" + id.next(random)
                + suffix.next(random)), null, accept.next(random), credentials.next(random), null);
        return Gen.frequency(Gen.weight(3, json), Gen.weight(2, text), Gen.weight(1, list), Gen.weight(3, one));
    }

    Gen<FuzzRequest> conversations() {
        Gen<String> limit = param("limit", RequestParts.number());
        Gen<String> accept = RequestParts.accept(JSON);
        Gen<List<Header>> credentials = Credentials.any();
        Gen<FuzzRequest> list = random -> common(FuzzRequest.of("GET", "/api/conversations?" + limit.next(random)), null,
                accept.next(random), credentials.next(random), null);
        Gen<String> id = RequestParts.id(conversations);
        Gen<String> suffix = Gen.of("", "/messages");
        Gen<FuzzRequest> one = random -> common(FuzzRequest.of("GET", "/api/conversations/" + id.next(random) + suffix.next(random)),
                null, accept.next(random), credentials.next(random), null);
        return Gen.frequency(Gen.weight(1, list), Gen.weight(3, one));
    }

    Gen<FuzzRequest> openAi() {
        Gen<byte[]> body = RequestParts.jsonBody(completionBody());
        Gen<String> contentType = RequestParts.contentType(JSON);
        Gen<String> accept = RequestParts.accept(JSON);
        Gen<List<Header>> credentials = Credentials.any();
        Gen<Header> extra = RequestParts.extraHeader().orNull(0.5);
        Gen<FuzzRequest> completions = random -> common(FuzzRequest.of("POST", "/v1/chat/completions"), contentType.next(random),
                accept.next(random), credentials.next(random), extra.next(random)).body(body.next(random));
        Gen<String> modelsPath = Gen.oneOf(Gen.just("/v1/models"), Gen.<String>oneOf(
                Gen.of("ragchat", "RAGCHAT", "gpt-4o", "ragchat%00", "%2e%2e", "ragchat/x"), RequestParts.id(List.of()))
                .map(id -> "/v1/models/" + id));
        Gen<FuzzRequest> models = random -> common(FuzzRequest.of("GET", modelsPath.next(random)), null, accept.next(random),
                credentials.next(random), null);
        return Gen.frequency(Gen.weight(4, completions), Gen.weight(1, models));
    }

    /** Every method on known and unknown paths, and the known paths written oddly. */
    Gen<FuzzRequest> oddPathsAndMethods() {
        Gen<String> method = Gen.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get");
        Gen<String> path = Gen.of("/api", "/api/", "/api/chat", "/api/chat/", "/api//documents", "/api/documents/",
                "/api/documents/../conversations", "/api/%2e%2e/api/documents", "/api/chat/stream/x", "/api/conversations/",
                "/API/CHAT", "/api/chat;jsessionid=x", "/v1", "/v1/", "/v1/chat", "/v1/completions", "/v1/embeddings",
                "/v1/models/", "/v1/chat/completions/x", "/v2/models", "/q/nope", "/%00", "/nope.html", "/..%2f..%2fetc/passwd",
                "/api/documents/" + "a/".repeat(200), "/api/chat?" + "a=b&".repeat(500), "/" + "x".repeat(6000),
                "/api/chat/stream?message=%", "/api/chat/stream?message=%zz", "/api/documents?limit=%E2");
        Gen<byte[]> body = Gen.of(new byte[0], RequestParts.utf8("{}"), RequestParts.utf8("x"));
        Gen<String> contentType = RequestParts.contentType(JSON).orNull(0.3);
        Gen<String> accept = RequestParts.accept(JSON);
        Gen<List<Header>> credentials = Credentials.any();
        return random -> common(FuzzRequest.of(method.next(random), path.next(random)), contentType.next(random), accept.next(random),
                credentials.next(random), null).body(body.next(random));
    }

    /**
     * Bodies over the HTTP layer's limit, and under it but over the service's own limits (message length,
     * document size, title length). Few: each one is megabytes.
     */
    Gen<FuzzRequest> hugeBodies() {
        Gen<FuzzRequest> overBodyLimit = Gen.of("/api/chat", "/api/documents", "/v1/chat/completions")
                .map(path -> FuzzRequest.of("POST", path).header("Content-Type", JSON).body(jsonWithLongString("message", BODY_LIMIT + 1)));
        Gen<FuzzRequest> longQuestion = Gen.ints(4001, 200_000).map(n -> FuzzRequest.of("POST", "/api/chat")
                .header("Content-Type", JSON).header("Accept", "text/event-stream").body(jsonWithLongString("message", n)));
        Gen<FuzzRequest> longCompletion = Gen.ints(4001, 200_000).map(n -> FuzzRequest.of("POST", "/v1/chat/completions")
                .header("Content-Type", JSON).body("{\"model\":\"ragchat\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + "q".repeat(n) + "\"}]}"));
        Gen<FuzzRequest> largeDocument = random -> FuzzRequest.of("POST", "/api/documents?title=big")
                .header("Content-Type", "text/plain").body("d".repeat(1_000_001));
        Gen<FuzzRequest> longTitle = Gen.ints(501, 100_000).map(n -> FuzzRequest.of("POST", "/api/documents")
                .header("Content-Type", JSON).body("{\"title\":\"" + "t".repeat(n) + "\",\"content\":\"c\"}"));
        return Gen.<FuzzRequest>oneOf(overBodyLimit, longQuestion, longCompletion, largeDocument, longTitle).map(Credentials::asCaller);
    }

    private Gen<String> chatBody() {
        Gen<String> message = member(6, UnicodeText.any().map(JsonText::string), 1);
        Gen<String> conversation = member(1, Gen.oneOf(RequestParts.id(conversations).map(JsonText::string), JsonText.scalar()), 4);
        Gen<String> topK = member(2, Gen.oneOf(Gen.ints(-2, 12).map(String::valueOf), JsonText.scalar()), 3);
        Gen<String> filter = member(1, JsonText.object(1), 4);
        Gen<String> model = member(1, Gen.oneOf(Gen.of("\"fast\"", "\"large\""), JsonText.scalar()), 5);
        return random -> JsonText.object(List.of(new Member("message", message.next(random)),
                new Member("conversationId", conversation.next(random)), new Member("topK", topK.next(random)),
                new Member("filter", filter.next(random)), new Member("model", model.next(random))));
    }

    private Gen<String> documentBody() {
        Gen<String> text = UnicodeText.any().map(JsonText::string);
        Gen<String> title = member(6, Gen.oneOf(text, Gen.just(JsonText.string("t".repeat(501)))), 1);
        Gen<String> source = member(1, text, 2);
        Gen<String> content = member(6, Gen.oneOf(text, Gen.just(JsonText.string("# Heading\n\nA paragraph. Another one."))), 1);
        Gen<String> metadata = member(1, JsonText.object(2), 2);
        return random -> JsonText.object(List.of(new Member("title", title.next(random)), new Member("source", source.next(random)),
                new Member("content", content.next(random)), new Member("metadata", metadata.next(random))));
    }

    private Gen<String> completionBody() {
        Gen<String> role = Gen.frequency(Gen.weight(5, Gen.just("\"user\"")),
                Gen.weight(2, Gen.of("\"assistant\"", "\"system\"", "\"tool\"", "\"USER\"")), Gen.weight(1, JsonText.scalar()));
        Gen<String> content = Gen.frequency(
                Gen.weight(5, UnicodeText.any().map(JsonText::string)),
                Gen.weight(2, UnicodeText.any().map(t -> "[{\"type\":\"text\",\"text\":" + JsonText.string(t) + "}]")),
                Gen.weight(1, Gen.of("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]", "[1,2]", "[{}]", "[null]", "{}")),
                Gen.weight(1, JsonText.scalar()));
        Gen<String> messageRole = member(6, role, 1);
        Gen<String> messageContent = member(6, content, 1);
        Gen<String> message = random -> JsonText.object(List.of(new Member("role", messageRole.next(random)),
                new Member("content", messageContent.next(random))));
        Gen<String> messages = Gen.frequency(
                Gen.weight(6, Gen.<String>oneOf(message, Gen.just("null"), JsonText.scalar()).list(1, 3)
                        .map(items -> "[" + String.join(",", items) + "]")),
                Gen.weight(1, Gen.of("[]", "null", "{}", "\"hi\"")));
        Gen<String> conversation = member(1, Gen.oneOf(RequestParts.id(conversations).map(JsonText::string), JsonText.scalar()), 2);
        Gen<String> topK = member(1, Gen.oneOf(Gen.ints(-2, 12).map(String::valueOf), JsonText.scalar()), 2);
        Gen<String> filter = member(1, JsonText.object(1), 2);
        Gen<String> ragchat = random -> JsonText.object(List.of(new Member("conversationId", conversation.next(random)),
                new Member("topK", topK.next(random)), new Member("filter", filter.next(random))));
        Gen<String> model = member(12, Gen.frequency(Gen.weight(8, Gen.just("\"ragchat\"")),
                Gen.weight(1, Gen.of("\"gpt-4o\"", "\"\"")), Gen.weight(1, JsonText.scalar())), 1);
        Gen<String> messagesMember = member(8, messages, 1);
        Gen<String> stream = member(1, Gen.oneOf(Gen.of("true", "false"), JsonText.scalar()), 2);
        Gen<String> options = member(1, Gen.oneOf(Gen.just("{\"include_usage\":true}"), JsonText.scalar()), 3);
        Gen<String> n = member(1, Gen.oneOf(Gen.of("1", "2", "0"), JsonText.scalar()), 4);
        Gen<String> extension = member(1, ragchat, 3);
        return random -> JsonText.object(List.of(new Member("model", model.next(random)),
                new Member("messages", messagesMember.next(random)), new Member("stream", stream.next(random)),
                new Member("stream_options", options.next(random)), new Member("n", n.next(random)),
                new Member("ragchat", extension.next(random))));
    }

    /** A member's JSON value, or null (left out) with weight {@code absent} against {@code present}. */
    private static Gen<String> member(int present, Gen<String> value, int absent) {
        return Gen.frequency(Gen.weight(present, value), Gen.weight(absent, Gen.just((String) null)));
    }

    /** {@code name=value}, or nothing, or the name alone, or the parameter twice. */
    private static Gen<String> param(String name, Gen<String> value) {
        return Gen.frequency(
                Gen.weight(6, value.map(v -> name + "=" + v)),
                Gen.weight(2, Gen.just("")),
                Gen.weight(1, Gen.of(name, name + "=")),
                Gen.weight(1, value.map(v -> name + "=" + v + "&" + name + "=" + v)));
    }

    /** The parameters joined into a query, leaving out the empty ones. */
    @SafeVarargs
    private static Gen<String> parameters(Gen<String>... params) {
        return random -> String.join("&", Arrays.stream(params).map(p -> p.next(random)).filter(p -> !p.isEmpty()).toList());
    }

    private static FuzzRequest common(FuzzRequest request, String contentType, String accept, List<Header> credentials, Header extra) {
        FuzzRequest built = request.header("Content-Type", contentType).header("Accept", accept).headers(credentials);
        return extra == null ? built : built.header(extra.name(), extra.value());
    }

    private static byte[] jsonWithLongString(String field, int length) {
        byte[] start = RequestParts.utf8("{\"" + field + "\":\"");
        byte[] body = new byte[start.length + length + 2];
        System.arraycopy(start, 0, body, 0, start.length);
        Arrays.fill(body, start.length, start.length + length, (byte) 'a');
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }
}
