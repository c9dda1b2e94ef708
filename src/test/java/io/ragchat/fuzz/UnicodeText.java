package io.ragchat.fuzz;

/**
 * Text a user (or a broken client) may send: ordinary questions, and the characters that break naive
 * handling — NUL and other controls, lone surrogates, right-to-left overrides, emoji sequences, stacked
 * combining marks, byte-order marks, non-characters, line and paragraph separators.
 */
final class UnicodeText {

    static final String QUESTION = "How long do I have to return an item?";

    private static final String[] AWKWARD = {
            "\u0000", "\u0001", "\u001b[31m", "\t", "\r\n", "\u2028", "\u2029", // controls and line breaks
            "\ud800", "\udfff", "\udbff\udfff", // lone surrogates, and a valid pair
            "\u202e", "\u200f", "\u0627\u0644\u0633\u0644\u0627\u0645", // RTL override, RTL mark, Arabic
            "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", // ZWJ emoji
            "e\u0301\u0301\u0301\u0301", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d", // combining marks
            "\ufeff", "\uffff", "\ufffe", "\ufffd", "\u200b", // BOM, non-characters, replacement, zero width
            "\"", "\\", "'", "<script>alert(1)</script>", "%00", "${jndi:ldap://x}", "' OR 1=1 --", "../../etc/passwd",
            "日本語", "한국어", "Ωμέγα", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢" };

    private UnicodeText() {
    }

    /** Any of the above, mixed; sometimes a plain question, so that some requests get through to the model. */
    static Gen<String> any() {
        return Gen.frequency(
                Gen.weight(3, Gen.just(QUESTION)),
                Gen.weight(5, awkward()),
                Gen.weight(3, Gen.strings(Gen.anyChar(), 0, 40)),
                Gen.weight(1, Gen.of("", " ", "\n\t ", "\u3000")));
    }

    /** Awkward pieces joined, with ordinary words between them. */
    static Gen<String> awkward() {
        return Gen.<String>oneOf(Gen.of(AWKWARD), Gen.strings(Gen.alphaChar(), 0, 8).map(w -> " " + w + " "))
                .list(1, 8).map(parts -> String.join("", parts));
    }
}
