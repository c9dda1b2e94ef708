package io.ragchat.fuzz;

import java.util.List;
import java.util.stream.Collectors;

/**
 * JSON written by hand rather than by a serializer, so it can be what serializers never produce: duplicate
 * keys, numbers too large for any type, nesting thousands deep, escaped lone surrogates and NULs.
 */
final class JsonText {

    /** The field names every endpoint reads, so random objects often hit a real field with a wrong value. */
    static final List<String> FIELDS = List.of("message", "conversationId", "topK", "filter", "model", "title", "source",
            "content", "metadata", "messages", "role", "stream", "stream_options", "include_usage", "n", "ragchat", "type",
            "text");

    /** A member of an object: its name, and its value as JSON already, or null to leave it out. */
    record Member(String name, String value) {
    }

    private JsonText() {
    }

    static Gen<String> any() {
        return value(3);
    }

    static Gen<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return Gen.frequency(
                Gen.weight(4, scalar()),
                Gen.weight(2, array(depth - 1)),
                Gen.weight(3, object(depth - 1)),
                Gen.weight(1, deeplyNested()));
    }

    static Gen<String> scalar() {
        return Gen.frequency(
                Gen.weight(3, Gen.of("null", "true", "false", "0", "-0", "1", "-1", "2", "10", "11", "1.5", "1e2",
                        "1e400", "-1e400", "1E-400", "9223372036854775808", "2147483648", "-2147483649",
                        "123456789012345678901234567890", "0.1e1", "4.9e-324")),
                Gen.weight(2, Gen.anyInt().map(String::valueOf)),
                Gen.weight(1, Gen.strings(Gen.digitChar(), 20, 1500)),
                Gen.weight(4, UnicodeText.any().map(JsonText::string)),
                Gen.weight(1, Gen.oneOf(Gen.of("\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"", "\"ragchat\"",
                        "\"user\"", "\"large\"", "\"fast\""), Gen.uuid().map(id -> "\"" + id + "\""))));
    }

    static Gen<String> array(int depth) {
        return value(depth).list(0, 4).map(items -> "[" + String.join(",", items) + "]");
    }

    /** An object whose keys may repeat. */
    static Gen<String> object(int depth) {
        Gen<String> key = Gen.frequency(Gen.weight(3, Gen.of(FIELDS)), Gen.weight(1, UnicodeText.any()));
        Gen<String> value = value(depth);
        Gen<String> member = random -> string(key.next(random)) + ":" + value.next(random);
        return member.list(0, 5).map(members -> "{" + String.join(",", members) + "}");
    }

    static Gen<String> deeplyNested() {
        return Gen.ints(100, 5000).flatMap(depth -> Gen.of(
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
    static String object(List<Member> members) {
        return members.stream().filter(m -> m.value() != null).map(m -> string(m.name()) + ":" + m.value())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
