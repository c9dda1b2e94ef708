package io.ragchat.retrieval.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ragchat.document.chunking.Chunk;
import io.ragchat.document.chunking.MarkdownChunker;

class SourceSelectorTest {

    private final UUID manual = UUID.randomUUID();
    private final UUID calendar = UUID.randomUUID();

    @Test
    void keepsAtMostTheCapOfChunksPerDocumentInRankOrder() {
        List<Candidate> ranked = List.of(candidate(manual, "A", 0, 0.9), candidate(manual, "B", 5, 0.8),
                candidate(manual, "C", 9, 0.7), candidate(calendar, "", 0, 0.6));

        assertThat(SourceSelector.select(ranked, 2, 1)).extracting(RetrievedChunk::documentId)
                .containsExactly(manual, calendar);
        assertThat(SourceSelector.select(ranked, 3, 2)).extracting(RetrievedChunk::score).containsExactly(0.9, 0.8, 0.6);
        assertThat(SourceSelector.select(ranked, 3, 0)).extracting(RetrievedChunk::score).containsExactly(0.9, 0.8, 0.7);
    }

    /** Real chunks of one long section: they overlap, and the joined source says the section once, in order. */
    @Test
    void neighbouringChunksOfOneSectionBecomeOneSourceWithTheBetterScore() {
        StringBuilder section = new StringBuilder("# Pruning\n\n");
        for (int i = 1; i <= 40; i++) {
            section.append("Step ").append(i).append(": cut the cane number ").append(i).append(" above an outward bud. ");
        }
        String document = section.toString();
        List<Chunk> chunks = new MarkdownChunker().chunk(document);
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
        Chunk first = chunks.get(0);
        Chunk second = chunks.get(1);
        assertThat(second.startOffset()).as("the chunker repeats an overlap").isLessThan(first.endOffset());

        List<RetrievedChunk> sources = SourceSelector.select(List.of(from(second, 0.9), candidate(calendar, "", 0, 0.8),
                from(first, 0.7)), 3, 2);

        assertThat(sources).hasSize(2);
        RetrievedChunk joined = sources.get(0);
        assertThat(joined.chunkId()).isEqualTo(second.index());
        assertThat(joined.score()).isEqualTo(0.9);
        assertThat(joined.content()).isEqualTo(document.substring(first.startOffset(), second.endOffset()));
        assertThat(sources.get(1).documentId()).isEqualTo(calendar);
    }

    @Test
    void chunksOfOtherSectionsOrNotAdjacentStaySeparate() {
        List<Candidate> ranked = List.of(candidate(manual, "A", 1, 0.9), candidate(manual, "B", 2, 0.8),
                candidate(manual, "A", 3, 0.7));

        assertThat(SourceSelector.select(ranked, 3, 0)).hasSize(3);
    }

    @Test
    void joinsTextsWithoutAnOverlapWithABlankLine() {
        assertThat(SourceSelector.join("First part.", "Second part.")).isEqualTo("First part.\n\nSecond part.");
    }

    private Candidate from(Chunk chunk, double score) {
        return new Candidate(chunk.index(), manual, "Manual", chunk.headingPath(), chunk.index(), chunk.text(), score, null);
    }

    private static Candidate candidate(UUID document, String heading, int ordinal, double score) {
        return new Candidate(ordinal * 100L + Math.round(score * 10), document, "Title", heading, ordinal,
                "text " + heading + ordinal, score, null);
    }
}
