package io.ragchat.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.ragchat.fuzz.FuzzRequest.Header;

/** Headers, ids, query values and bodies, from well-formed to hostile; each request is built from these. */
final class RequestParts {

    static final String JSON = "application/json";

    private RequestParts() {
    }

    static Gen<String> contentType(String usual) {
        return Gen.frequency(
                Gen.weight(8, Gen.just(usual)),
                Gen.weight(4, Gen.of(usual + "; charset=utf-8", usual + ";charset=UTF-8", usual.toUpperCase(Locale.ROOT),
                        usual + "; charset=ISO-8859-1", usual + "; charset=garbage", usual + "; q=0.5", usual + ";;;")),
                Gen.weight(4, Gen.of("text/plain", "text/markdown", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/octet-stream", "application/json-patch+json",
                        "application/problem+json", "*/*", "text/*", "", "garbage", "application/", "/json", "application/json/x",
                        "text/plain; charset=\"unterminated", "☃/☃", "application/json, text/plain")),
                Gen.weight(1, Gen.just((String) null)));
    }

    static Gen<String> accept(String usual) {
        return Gen.frequency(
                Gen.weight(6, Gen.just(usual)),
                Gen.weight(3, Gen.of("text/event-stream", "text/plain", JSON, "*/*", "application/json;charset=utf-8",
                        "text/event-stream;q=0.1, application/json;q=0.9", "text/plain;q=abc", "text/*", "application/*")),
                Gen.weight(3, Gen.of("application/xml", "image/png", "garbage", "", ",,,", "*/json", "text/html",
                        "application/problem+json", ";q=1", "text/event-stream;q=0", "☃")),
                Gen.weight(2, Gen.just((String) null)));
    }

    /** One more header a client or proxy might send, sometimes nonsense. */
    static Gen<Header> extraHeader() {
        return Gen.frequency(Gen.weight(15, Gen.of(
                new Header("X-Forwarded-For", "not-an-ip, ::1, 999.1.1.1"),
                new Header("Forwarded", "for=\"[::1]\";proto=gopher"),
                new Header("Accept-Charset", "ebcdic"),
                new Header("Accept-Encoding", "gzip;q=2, br, zstd, garbage"),
                new Header("Content-Encoding", "gzip"),
                new Header("Accept-Language", "☃, *;q=x"),
                new Header("Origin", "null"),
                new Header("Range", "bytes=0-1"),
                new Header("If-None-Match", "*"),
                new Header("Expect", "100-continue"),
                new Header("X-Ragchat-Conversation-Id", "not-a-uuid"),
                new Header("Cookie", "a=b; " + "c=".repeat(100)),
                new Header("X-Long", "x".repeat(4000)),
                new Header("X-Unicode", "日本語\u202e"),
                new Header("Last-Event-ID", "-1"))),
                Gen.weight(1, Gen.uuid().map(id -> new Header("X-Ragchat-Conversation-Id", id.toString()))));
    }

    /** A path segment where an id belongs: the real ones, near misses, and hostile ones. */
    static Gen<String> id(List<UUID> known) {
        List<String> knownForms = new ArrayList<>();
        for (UUID id : known) {
            knownForms.add(id.toString());
            knownForms.add(id.toString().toUpperCase(Locale.ROOT));
            knownForms.add(id.toString().replace("-", ""));
            knownForms.add("{" + id + "}");
            knownForms.add(id + "x");
        }
        Gen<String> unknown = Gen.uuid().map(UUID::toString);
        return Gen.frequency(
                Gen.weight(3, knownForms.isEmpty() ? unknown : Gen.oneOf(Gen.of(knownForms), unknown)),
                Gen.weight(2, unknown),
                Gen.weight(4, Gen.of("not-a-uuid", "0", "-1", "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff", "%00", "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%2Fb",
                        "%E2%80%AE", "%ED%A0%80", "%C3%28", "%FF", "%27%20OR%201%3D1%20--", "x".repeat(3000), "null",
                        "%u0041", "0x1", "%20", "+", "é", "日本", "a;b=c", "~", "*", "%25", "%zz", "%", "12345678-1234-1234-1234-12345678901g")),
                Gen.weight(1, UnicodeText.any().map(RequestParts::encode)));
    }

    static Gen<String> number() {
        return Gen.frequency(
                Gen.weight(2, Gen.ints(-3, 1200).map(String::valueOf)),
                Gen.weight(2, Gen.of("abc", "", "-1", "0", "1", "1000", "1001", "99999999999999999999", "1e3", "NaN",
                        "%00", "1%3BDROP", "2147483648", "-2147483649", "0x10", "1.5", "+1", "%E2%80%AE1")));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * A JSON request body: mostly the endpoint's own shape (with odd values), else other JSON, a truncated
     * body, invalid UTF-8 inside a string, random bytes, nothing, or UTF-16.
     */
    static Gen<byte[]> jsonBody(Gen<String> shaped) {
        return Gen.frequency(
                Gen.weight(10, shaped.map(RequestParts::utf8)),
                Gen.weight(3, JsonText.any().map(RequestParts::utf8)),
                Gen.weight(3, shaped.flatMap(body -> Gen.ints(0, Math.max(0, body.length() - 1))
                        .map(cut -> utf8(body.substring(0, cut))))),
                Gen.weight(2, invalidUtf8()),
                Gen.weight(1, Gen.bytes(300)),
                Gen.weight(1, Gen.just(new byte[0])),
                Gen.weight(1, shaped.map(body -> body.getBytes(StandardCharsets.UTF_16))));
    }

    /** Bytes that are not UTF-8 (overlong, encoded surrogates, stray continuation bytes) inside a JSON string. */
    static Gen<byte[]> invalidUtf8() {
        Gen<byte[]> broken = Gen.of(new byte[] { (byte) 0xc3, 0x28 }, new byte[] { (byte) 0xa0, (byte) 0xa1 },
                new byte[] { (byte) 0xe2, 0x28, (byte) 0xa1 }, new byte[] { (byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc },
                new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, new byte[] { (byte) 0xc0, (byte) 0xaf },
                new byte[] { (byte) 0xff }, new byte[] { (byte) 0xfe, (byte) 0xff }, new byte[] { 0 },
                new byte[] { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 });
        Gen<String> field = Gen.of("message", "title", "content", "model");
        return random -> {
            String name = field.next(random);
            byte[] bytes = broken.next(random);
            byte[] start = utf8("{\"" + name + "\":\"a");
            byte[] end = utf8("b\",\"title\":\"t\",\"content\":\"c\",\"model\":\"ragchat\"}");
            byte[] body = new byte[start.length + bytes.length + end.length];
            System.arraycopy(start, 0, body, 0, start.length);
            System.arraycopy(bytes, 0, body, start.length, bytes.length);
            System.arraycopy(end, 0, body, start.length + bytes.length, end.length);
            return body;
        };
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
