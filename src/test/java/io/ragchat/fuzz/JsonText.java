package io.ragchat.fuzz;

import java.util.List;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * JSON written by hand rather than by a serializer, so it can be what serializers never produce: duplicate
 * keys, numbers too large for any type, nesting thousands deep, escaped lone surrogates and NULs.
 */
final class JsonText {

    /** The field names every endpoint reads, so random objects often hit a real field with a wrong value. */
    static final List<String> FIELDS = List.of("message", "conversationId", "topK", "filter", "model", "title", "source",
            "content", "metadata", "messages", "role", "stream", "stream_options", "include_usage", "n", "ragchat", "type",
            "text");

    private JsonText() {
    }

    static Arbitrary<String> any() {
        return value(3);
    }

    static Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar()),
                Tuple.of(2, Arbitraries.lazy(() -> array(depth - 1))),
                Tuple.of(3, Arbitraries.lazy(() -> object(depth - 1))),
                Tuple.of(1, deeplyNested()));
    }

    static Arbitrary<String> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("null", "true", "false", "0", "-0", "1", "-1", "2", "10", "11", "1.5", "1e2",
                        "1e400", "-1e400", "1E-400", "9223372036854775808", "2147483648", "-2147483649",
                        "123456789012345678901234567890", "0.1e1", "4.9e-324")),
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(1500)),
                Tuple.of(4, UnicodeText.any().map(JsonText::string)),
                Tuple.of(1, Arbitraries.of("\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"",
                        "\"" + java.util.UUID.randomUUID() + "\"", "\"ragchat\"", "\"user\"", "\"large\"", "\"fast\"")));
    }

    static Arbitrary<String> array(int depth) {
        return value(depth).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    }

    /** An object whose keys may repeat. */
    static Arbitrary<String> object(int depth) {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(FIELDS)), Tuple.of(1, UnicodeText.any()));
        return net.jqwik.api.Combinators.combine(key, value(depth)).as((k, v) -> string(k) + ":" + v)
                .list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
    }

    static Arbitrary<String> deeplyNested() {
        return Arbitraries.integers().between(100, 5000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
    }

    /** A JSON string literal: quotes, backslashes and controls escaped; surrogates always as \\u escapes. */
    static String string(String text) {
        return text.chars().mapToObj(c -> switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> c < 0x20 || Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : String.valueOf((char) c);
        }).collect(Collectors.joining("", "\"", "\""));
    }

    /** An object of these members, in order, leaving out the null ones (member values are JSON already). */
    static String object(List<Tuple.Tuple2<String, String>> members) {
        return members.stream().filter(m -> m.get2() != null).map(m -> string(m.get1()) + ":" + m.get2())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
