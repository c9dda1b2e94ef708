package io.ragchat.rerank.service;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What the reranker made of the candidates: their scores, aligned with the passages it was given, or none
 * (reranking off, or the reranker failed and the caller keeps its own order); how that came about; and how
 * long it took, for the answer's stage timings.
 */
public record Reranked(Optional<List<Double>> scores, Outcome outcome, long nanos) {

    static final Reranked OFF = new Reranked(Optional.empty(), Outcome.off, 0);

    public enum Outcome {
        /** Reranking is not configured: nothing was asked. */
        off,
        /** The reranker scored every passage. */
        scored,
        /**
         * The reranker could not be reached, closed the connection before answering, or answered that it is
         * unavailable (5xx).
         */
        down,
        /** The reranker did not answer within the {@code reranker} guard's timeout. */
        timeout,
        /** The reranker answered something else than one score per passage. */
        error
    }

    static Reranked scored(List<Double> scores, long nanos) {
        return new Reranked(Optional.of(List.copyOf(scores)), Outcome.scored, nanos);
    }

    static Reranked fellBack(Outcome reason, long nanos) {
        return new Reranked(Optional.empty(), reason, nanos);
    }

    /**
     * The candidates (the same list, in the same order, as the passages that were scored) best first; ties
     * keep their order. Without scores, the candidates as they were.
     */
    public <T> List<T> reorder(List<T> candidates) {
        if (scores.isEmpty()) {
            return candidates;
        }
        List<Double> by = scores.get();
        if (by.size() != candidates.size()) {
            throw new IllegalArgumentException(by.size() + " scores for " + candidates.size() + " candidates");
        }
        return IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparing(by::get, Comparator.reverseOrder()))
                .map(candidates::get)
                .toList();
    }
}
