package io.ragchat.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the service answered: status, headers (names in lower case) and the body, de-chunked. */
record FuzzResponse(int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The media type of the body without its parameters, in lower case; empty when none was sent. */
    String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "";
        }
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = text();
        return status + " " + header("content-type") + " " + (text.length() > 500 ? text.substring(0, 500) + "…" : text);
    }
}
