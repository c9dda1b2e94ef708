package io.ragchat.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Headers, ids, query values and bodies, from well-formed to hostile; each request is built from these. */
final class RequestParts {

    static final String JSON = "application/json";

    private RequestParts() {
    }

    static Arbitrary<String> contentType(String usual) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(usual)),
                Tuple.of(4, Arbitraries.of(usual + "; charset=utf-8", usual + ";charset=UTF-8", usual.toUpperCase(Locale.ROOT),
                        usual + "; charset=ISO-8859-1", usual + "; charset=garbage", usual + "; q=0.5", usual + ";;;")),
                Tuple.of(4, Arbitraries.of("text/plain", "text/markdown", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/octet-stream", "application/json-patch+json",
                        "application/problem+json", "*/*", "text/*", "", "garbage", "application/", "/json", "application/json/x",
                        "text/plain; charset=\"unterminated", "☃/☃", "application/json, text/plain")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    static Arbitrary<String> accept(String usual) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(usual)),
                Tuple.of(3, Arbitraries.of("text/event-stream", "text/plain", JSON, "*/*", "application/json;charset=utf-8",
                        "text/event-stream;q=0.1, application/json;q=0.9", "text/plain;q=abc", "text/*", "application/*")),
                Tuple.of(3, Arbitraries.of("application/xml", "image/png", "garbage", "", ",,,", "*/json", "text/html",
                        "application/problem+json", ";q=1", "text/event-stream;q=0", "☃")),
                Tuple.of(2, Arbitraries.just((String) null)));
    }

    /** One more header a client or proxy might send, sometimes nonsense. */
    static Arbitrary<Tuple.Tuple2<String, String>> extraHeader() {
        return Arbitraries.of(
                Tuple.of("X-Forwarded-For", "not-an-ip, ::1, 999.1.1.1"),
                Tuple.of("Forwarded", "for=\"[::1]\";proto=gopher"),
                Tuple.of("Accept-Charset", "ebcdic"),
                Tuple.of("Accept-Encoding", "gzip;q=2, br, zstd, garbage"),
                Tuple.of("Content-Encoding", "gzip"),
                Tuple.of("Accept-Language", "☃, *;q=x"),
                Tuple.of("Origin", "null"),
                Tuple.of("Range", "bytes=0-1"),
                Tuple.of("If-None-Match", "*"),
                Tuple.of("Expect", "100-continue"),
                Tuple.of("X-Ragchat-Conversation-Id", "not-a-uuid"),
                Tuple.of("X-Ragchat-Conversation-Id", UUID.randomUUID().toString()),
                Tuple.of("Cookie", "a=b; " + "c=".repeat(100)),
                Tuple.of("X-Long", "x".repeat(4000)),
                Tuple.of("X-Unicode", "日本語\u202e"),
                Tuple.of("Last-Event-ID", "-1"));
    }

    /** A path segment where an id belongs: the real ones, near misses, and hostile ones. */
    static Arbitrary<String> id(List<UUID> known) {
        List<String> knownForms = new ArrayList<>();
        for (UUID id : known) {
            knownForms.add(id.toString());
            knownForms.add(id.toString().toUpperCase(Locale.ROOT));
            knownForms.add(id.toString().replace("-", ""));
            knownForms.add("{" + id + "}");
            knownForms.add(id + "x");
        }
        knownForms.add(UUID.randomUUID().toString());
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(knownForms)),
                Tuple.of(2, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(4, Arbitraries.of("not-a-uuid", "0", "-1", "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff", "%00", "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%2Fb",
                        "%E2%80%AE", "%ED%A0%80", "%C3%28", "%FF", "%27%20OR%201%3D1%20--", "x".repeat(3000), "null",
                        "%u0041", "0x1", "%20", "+", "é", "日本", "a;b=c", "~", "*", "%25", "%zz", "%", "12345678-1234-1234-1234-12345678901g")),
                Tuple.of(1, UnicodeText.any().map(RequestParts::encode)));
    }

    static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(-3, 1200).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("abc", "", "-1", "0", "1", "1000", "1001", "99999999999999999999", "1e3", "NaN",
                        "%00", "1%3BDROP", "2147483648", "-2147483649", "0x10", "1.5", "+1", "%E2%80%AE1")));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * A JSON request body: mostly the endpoint's own shape (with odd values), else other JSON, a truncated
     * body, invalid UTF-8 inside a string, random bytes, nothing, or UTF-16.
     */
    static Arbitrary<byte[]> jsonBody(Arbitrary<String> shaped) {
        return Arbitraries.frequencyOf(
                Tuple.of(10, shaped.map(RequestParts::utf8)),
                Tuple.of(3, JsonText.any().map(RequestParts::utf8)),
                Tuple.of(3, shaped.flatMap(body -> Arbitraries.integers().between(0, Math.max(0, body.length() - 1))
                        .map(cut -> utf8(body.substring(0, cut))))),
                Tuple.of(2, invalidUtf8()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(1, shaped.map(body -> body.getBytes(StandardCharsets.UTF_16))));
    }

    /** Bytes that are not UTF-8 (overlong, encoded surrogates, stray continuation bytes) inside a JSON string. */
    static Arbitrary<byte[]> invalidUtf8() {
        Arbitrary<byte[]> broken = Arbitraries.of(new byte[] { (byte) 0xc3, 0x28 }, new byte[] { (byte) 0xa0, (byte) 0xa1 },
                new byte[] { (byte) 0xe2, 0x28, (byte) 0xa1 }, new byte[] { (byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc },
                new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, new byte[] { (byte) 0xc0, (byte) 0xaf },
                new byte[] { (byte) 0xff }, new byte[] { (byte) 0xfe, (byte) 0xff }, new byte[] { 0 },
                new byte[] { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 });
        Arbitrary<String> field = Arbitraries.of("message", "title", "content", "model");
        return net.jqwik.api.Combinators.combine(field, broken).as((name, bytes) -> {
            byte[] start = utf8("{\"" + name + "\":\"a");
            byte[] end = utf8("b\",\"title\":\"t\",\"content\":\"c\",\"model\":\"ragchat\"}");
            byte[] body = new byte[start.length + bytes.length + end.length];
            System.arraycopy(start, 0, body, 0, start.length);
            System.arraycopy(bytes, 0, body, start.length, bytes.length);
            System.arraycopy(end, 0, body, start.length + bytes.length, end.length);
            return body;
        });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
