package io.ragchat.retrieval.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Picks an answer's sources from the ranked candidates: in order, at most so many chunks per document, so
 * one long document with many similar chunks cannot crowd out every other; then neighbouring chunks of one
 * section that both made it are joined into one source. {@code topK} counts chunks, so merged neighbours
 * make fewer, longer sources and the prompt holds no more text than topK chunks.
 */
final class SourceSelector {

    /** Shortest text taken for the overlap the chunker repeats at the start of a chunk; less is chance. */
    private static final int MIN_OVERLAP = 16;

    private SourceSelector() {
    }

    static List<RetrievedChunk> select(List<Candidate> ranked, int topK, int maxChunksPerDocument) {
        List<Candidate> picked = new ArrayList<>();
        Map<UUID, Integer> perDocument = new HashMap<>();
        for (Candidate candidate : ranked) {
            if (picked.size() == topK) {
                break;
            }
            int taken = perDocument.getOrDefault(candidate.documentId(), 0);
            if (maxChunksPerDocument == 0 || taken < maxChunksPerDocument) {
                perDocument.put(candidate.documentId(), taken + 1);
                picked.add(candidate);
            }
        }
        return merged(picked);
    }

    /** Each run of neighbours becomes one source, where its best chunk ranked, with that chunk's score. */
    private static List<RetrievedChunk> merged(List<Candidate> picked) {
        List<RetrievedChunk> sources = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        for (Candidate best : picked) {
            if (!used.add(best.chunkId())) {
                continue;
            }
            List<Candidate> run = new ArrayList<>(List.of(best));
            for (boolean grew = true; grew;) {
                grew = false;
                for (Candidate other : picked) {
                    if (!used.contains(other.chunkId()) && run.stream().anyMatch(other::neighbours)) {
                        run.add(other);
                        used.add(other.chunkId());
                        grew = true;
                    }
                }
            }
            run.sort(Comparator.comparingInt(Candidate::ordinal));
            String content = run.get(0).content();
            for (Candidate next : run.subList(1, run.size())) {
                content = join(content, next.content());
            }
            sources.add(new RetrievedChunk(best.chunkId(), best.documentId(), best.title(), best.heading(), content,
                    best.score(), run.get(0).page()));
        }
        return sources;
    }

    /** The two texts in order, the overlap the second starts with (the end of the first) said once. */
    static String join(String before, String after) {
        for (int length = Math.min(before.length(), after.length()); length >= MIN_OVERLAP; length--) {
            if (before.regionMatches(before.length() - length, after, 0, length)) {
                return before + after.substring(length);
            }
        }
        return before + "\n\n" + after;
    }
}
