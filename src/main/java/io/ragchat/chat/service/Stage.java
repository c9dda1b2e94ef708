package io.ragchat.chat.service;

/**
 * A timed stage of answering a question, under the one name each place that reports it uses: the
 * {@code done} event's timings, the {@code ragchat.stage} histogram and the trace's spans.
 */
enum Stage {
    EMBEDDING("embeddingMs", "embedding", "embedding"),
    /** The first part of {@link #EMBEDDING}: asking the embedding cache. */
    CACHE_LOOKUP("cacheLookupMs", "cache_lookup", "cache lookup"),
    RETRIEVAL("retrievalMs", "retrieval", "retrieval"),
    /** The last part of {@link #RETRIEVAL}, shown on its own: the one stage an outside service adds. */
    RERANK("rerankMs", "rerank", "rerank"),
    HISTORY_LOAD("historyMs", "history_load", "history load"),
    /** A follow-up rewritten into a standalone query by the model. */
    REWRITE("rewriteMs", "rewrite", "rewrite");

    final String timing;
    final String metric;
    final String span;

    Stage(String timing, String metric, String span) {
        this.timing = timing;
        this.metric = metric;
        this.span = span;
    }

    /** A part of a stage, measured inside it: at its start (a cache lookup) or at its end (a rerank). */
    record Part(Stage stage, long nanos, boolean atStart) {

        static Part first(Stage stage, long nanos) {
            return new Part(stage, nanos, true);
        }

        static Part last(Stage stage, long nanos) {
            return new Part(stage, nanos, false);
        }
    }
}
