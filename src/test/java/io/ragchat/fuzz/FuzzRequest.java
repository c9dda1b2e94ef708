package io.ragchat.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request as the fuzzer sends it, byte for byte: any method, any request target (sent as it is,
 * so percent-encodings and raw non-ASCII characters reach the server unchanged), any headers, any body.
 */
record FuzzRequest(String method, String target, List<Header> headers, byte[] body) {

    record Header(String name, String value) {
    }

    static FuzzRequest of(String method, String target) {
        return new FuzzRequest(method, target, List.of(), new byte[0]);
    }

    FuzzRequest header(String name, String value) {
        if (value == null) {
            return this;
        }
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new FuzzRequest(method, target, List.copyOf(more), body);
    }

    FuzzRequest headers(List<Header> more) {
        FuzzRequest request = this;
        for (Header header : more) {
            request = request.header(header.name(), header.value());
        }
        return request;
    }

    /** The values of every header of this name, in the order sent. */
    List<String> values(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    FuzzRequest target(String other) {
        return new FuzzRequest(method, other, headers, body);
    }

    FuzzRequest body(byte[] bytes) {
        return new FuzzRequest(method, target, headers, bytes);
    }

    FuzzRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The path without the query, to tell which API (and so which error shape) answers. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Short enough for a failure report: a huge body is shown by its start and its length. */
    @Override
    public String toString() {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return method + " " + abbreviate(target) + " " + headers.stream().map(h -> h.name() + ": " + abbreviate(h.value())).toList()
                + " body(" + body.length + " bytes)=" + text.replace("\n", "\\n") + (body.length > 300 ? "…" : "");
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
    }
}
