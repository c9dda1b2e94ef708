package io.ragchat.document.chunking;

import java.util.Random;

/**
 * A random Markdown document for property tests, with the content that chunks must cover: everything but
 * the heading lines.
 */
record GeneratedDocument(String source, String body) {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过";
    private static final String[] TRICKY_WORDS = {"e.g.", "i.e.", "Dr.", "3.14", "https://example.com/a.b?c=d", "v2.0", "etc."};
    private static final String[] UNICODE_WORDS = {
        "Straße", "naïve", "cafe\u0301", "😀", "👍🏽", "👨\u200D👩\u200D👧", "🇺🇸", "𝒳𝒴𝒵", "𠀀𠀁", "ℌ", "Ω", "ä\u0308"
    };
    private static final String[] GRAPHEMES_IN_LONG_WORDS = {"😀", "e\u0301", "👨\u200D👩\u200D👧", "🇺🇸", "𠀀"};
    private static final String[] CODE_LINES = {
        "# not a heading", "## still code", "x = compute(a, b)  # comment", "", "    return x.value", "for (int i = 0; i < n; i++) {", "}"
    };

    static GeneratedDocument generate(Random random) {
        String newline = random.nextInt(4) == 0 ? "\r\n" : "\n";
        StringBuilder source = new StringBuilder();
        StringBuilder body = new StringBuilder();
        int blocks = 1 + random.nextInt(30);
        for (int b = 0; b < blocks; b++) {
            boolean heading = random.nextInt(6) == 0;
            String block = heading
                    ? "#".repeat(1 + random.nextInt(6)) + " " + words(random, 1 + random.nextInt(4))
                    : switch (random.nextInt(8)) {
                        case 0 -> codeFence(random, newline);
                        case 1 -> longWord(random);
                        case 2 -> cjkParagraph(random);
                        case 3 -> unicodeParagraph(random);
                        default -> proseParagraph(random, newline);
                    };
            source.append(block).append(newline).append(newline);
            if (!heading) {
                body.append(block).append('\n');
            }
        }
        return new GeneratedDocument(source.toString(), body.toString());
    }

    static String proseParagraph(Random random, String newline) {
        StringBuilder paragraph = new StringBuilder();
        int sentences = 1 + random.nextInt(30);
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                paragraph.append(random.nextInt(6) == 0 ? newline : " ");
            }
            String sentence = words(random, 1 + random.nextInt(25));
            paragraph.append(Character.toUpperCase(sentence.charAt(0))).append(sentence, 1, sentence.length());
            if (random.nextInt(3) == 0) {
                paragraph.append(' ').append(TRICKY_WORDS[random.nextInt(TRICKY_WORDS.length)]).append(' ').append(word(random));
            }
            paragraph.append(".!?".charAt(random.nextInt(3)));
        }
        return paragraph.toString();
    }

    private static String codeFence(Random random, String newline) {
        String fence = random.nextBoolean() ? "```" : "~~~";
        StringBuilder code = new StringBuilder(fence).append("python").append(newline);
        int lines = 1 + random.nextInt(20);
        for (int l = 0; l < lines; l++) {
            code.append(CODE_LINES[random.nextInt(CODE_LINES.length)]).append(newline);
        }
        return code.append(fence).toString();
    }

    private static String longWord(Random random) {
        StringBuilder word = new StringBuilder();
        int length = 50 + random.nextInt(3000);
        while (word.length() < length) {
            if (random.nextInt(20) == 0) {
                word.append(GRAPHEMES_IN_LONG_WORDS[random.nextInt(GRAPHEMES_IN_LONG_WORDS.length)]);
            } else {
                word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
        }
        return word.toString();
    }

    private static String cjkParagraph(Random random) {
        StringBuilder paragraph = new StringBuilder();
        int sentences = 1 + random.nextInt(10);
        for (int s = 0; s < sentences; s++) {
            int length = 3 + random.nextInt(80);
            for (int c = 0; c < length; c++) {
                paragraph.append(HAN.charAt(random.nextInt(HAN.length())));
            }
            paragraph.append("。！？".charAt(random.nextInt(3)));
        }
        return paragraph.toString();
    }

    private static String unicodeParagraph(Random random) {
        StringBuilder paragraph = new StringBuilder("Unicode");
        int count = 1 + random.nextInt(60);
        for (int w = 0; w < count; w++) {
            paragraph.append(' ').append(random.nextBoolean() ? word(random) : UNICODE_WORDS[random.nextInt(UNICODE_WORDS.length)]);
        }
        return paragraph.append('.').toString();
    }

    static String words(Random random, int count) {
        StringBuilder words = new StringBuilder(word(random));
        for (int w = 1; w < count; w++) {
            words.append(' ').append(word(random));
        }
        return words.toString();
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int c = 0; c < length; c++) {
            word.append(LETTERS.charAt(random.nextInt(26)));
        }
        return word.toString();
    }
}
