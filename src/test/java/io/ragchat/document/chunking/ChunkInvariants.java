package io.ragchat.document.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The properties every chunking result must have, whatever the input. */
final class ChunkInvariants {

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private ChunkInvariants() {
    }

    static void assertHold(String source, List<Chunk> chunks, ChunkingOptions options, TokenCounter counter) {
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            String text = chunk.text();
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(text).isNotBlank().isEqualTo(text.strip());
            assertThat(chunk.tokenCount()).isEqualTo(counter.count(text)).isLessThanOrEqualTo(options.maxTokens());
            assertThat(normalizeNewlines(source.substring(chunk.startOffset(), chunk.endOffset())))
                    .as("chunk %d offsets map back to the source", i)
                    .isEqualTo(text);
            assertThat(hasLoneSurrogate(text)).as("chunk %d has a lone surrogate", i).isFalse();
            assertThat(startsInsideGrapheme(text)).as("chunk %d starts inside a character: %s", i, text).isFalse();
            assertThat(text.codePointBefore(text.length())).as("chunk %d ends inside a ZWJ sequence", i)
                    .isNotEqualTo(ZERO_WIDTH_JOINER);
            if (i > 0) {
                assertOrderedAndOverlapping(source, chunks.get(i - 1), chunk, options, counter);
            }
        }
    }

    private static void assertOrderedAndOverlapping(
            String source, Chunk previous, Chunk chunk, ChunkingOptions options, TokenCounter counter) {
        assertThat(chunk.endOffset()).isGreaterThan(previous.endOffset());
        if (chunk.startOffset() >= previous.endOffset()) {
            return;
        }
        String overlap = normalizeNewlines(source.substring(chunk.startOffset(), previous.endOffset()));
        assertThat(chunk.headingPath()).as("overlap stays within a section").isEqualTo(previous.headingPath());
        assertThat(chunk.startOffset()).as("overlap is a proper tail").isGreaterThan(previous.startOffset());
        assertThat(counter.count(overlap)).isLessThanOrEqualTo(options.overlapTokens());
        assertThat(previous.text()).endsWith(overlap);
        assertThat(chunk.text()).startsWith(overlap);
    }

    /** The text the chunks cover, each overlap counted once, whitespace dropped. */
    static String coveredContent(String source, List<Chunk> chunks) {
        StringBuilder covered = new StringBuilder();
        int coveredUpTo = 0;
        for (Chunk chunk : chunks) {
            covered.append(source, Math.max(chunk.startOffset(), coveredUpTo), chunk.endOffset());
            coveredUpTo = chunk.endOffset();
        }
        return withoutWhitespace(covered.toString());
    }

    static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }

    static String normalizeNewlines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsInsideGrapheme(String text) {
        int first = text.codePointAt(0);
        int type = Character.getType(first);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || first == ZERO_WIDTH_JOINER
                || (first >= 0x1F3FB && first <= 0x1F3FF); // emoji skin-tone modifiers
    }
}
