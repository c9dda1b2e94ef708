package io.ragchat.retrieval.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ragchat.retrieval.config.RetrievalConfig;
import io.ragchat.retrieval.config.RetrievalConfig.Mode;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one statement that finds a question's candidate chunks, for each mode. Its rows are the candidates,
 * best first, with the {@code score} {@link RetrievedChunk#score()} reports for the mode.
 *
 * <p>
 * Each side is a CTE that orders by its own index's measure and stops at a LIMIT, so PostgreSQL walks the
 * HNSW index ({@code ORDER BY embedding <=> $v}) and the GIN index ({@code search @@ query}) and never
 * sorts the tenant's chunks. Both sides filter on the chunk's own copies of tenant and metadata. The sides
 * meet in a FULL OUTER JOIN on the chunk id, and the fused score is reciprocal rank fusion: the sum over
 * the sides that found a chunk of weight/(k + rank).
 *
 * <p>
 * The keyword query: {@code websearch_to_tsquery} ANDs every word, so a question in natural language
 * ("how do I configure the compression level in zstd?") matched 1 chunk of 20,000 where its words ORed
 * matched 1,900, and the best answer among those. So its output is split at the top level and the positive
 * terms ORed, quoted phrases kept as phrases; terms negated with {@code -word} stay ANDed onto the whole
 * (ORing a negation would match nearly everything). A question of stop words only has no keyword side.
 * ts_rank_cd then ranks chunks that match more of the words, nearer each other, and in the title (weight A)
 * or heading (B) before the text (C). It knows no word's rarity: a chunk repeating a question's common
 * words ("error", "mean") can outrank the one holding its rare code; the vector side, and the fusion, temper
 * that.
 */
final class SearchStatement {

    /** Must match the configuration of the generated {@code chunk.search} column (V3__hybrid_search.sql). */
    private static final String TEXT_SEARCH_CONFIG = "'english'";

    private final List<Object> values = new ArrayList<>();
    private final String sql;

    /**
     * @param commonWords the words the keyword side leaves out, quoted as a {@code tsquery}'s text quotes its terms
     *        ({@link CommonWords}); not used by the vector mode
     */
    SearchStatement(Mode mode, RetrievalConfig config, String tenant, String queryText, String vector, int candidates,
            Map<String, Object> filter, List<String> commonWords) {
        String owned = "tenant = " + bind(tenant)
                + (filter == null || filter.isEmpty() ? "" : " AND metadata @> " + bind(new JsonObject(filter)) + "::jsonb");
        String limit = bind(candidates);
        String k = mode == Mode.vector ? null : bind((double) config.rrfK()) + "::float8";
        List<String> ctes = new ArrayList<>();
        if (mode != Mode.keyword) {
            String v = bind(vector) + "::vector";
            ctes.add("nearest AS (SELECT id, embedding <=> " + v + " AS distance FROM chunk WHERE " + owned
                    + " ORDER BY embedding <=> " + v + " LIMIT " + limit + ")");
            // min-score judges the vector side only; relaxed_order may return rows slightly out of order.
            ctes.add("vector_side AS (SELECT id, 1 - distance AS similarity, row_number() OVER (ORDER BY distance, id) AS rank"
                    + " FROM nearest WHERE distance <= " + bind(1.0 - config.minScore()) + "::float8)");
        }
        if (mode != Mode.vector) {
            // Words in more than common-word-share of the chunks match much and say little: they are left out, which
            // is the keyword side's notion of a word's rarity.
            ctes.add("terms AS (SELECT term FROM regexp_split_to_table(websearch_to_tsquery(" + TEXT_SEARCH_CONFIG + ", "
                    + bind(queryText) + ")::text, ' [&|] ') AS term WHERE term <> ALL(" + bind(commonWords.toArray(String[]::new))
                    + "::text[]))");
            ctes.add("keyword_query AS (SELECT ('(' || string_agg(term, ' | ') FILTER (WHERE term NOT LIKE '!%') || ')'"
                    + " || coalesce(' & ' || string_agg(term, ' & ') FILTER (WHERE term LIKE '!%'), ''))::tsquery AS query"
                    + " FROM terms WHERE term <> '')");
            // Ranked first by how many of the question's words a chunk holds, then by ts_rank_cd (scaled below 1 by
            // its normalization 32): ts_rank_cd alone has no notion of a word's rarity, and a chunk repeating one
            // common word of the question outranked the chunk holding most of them. The words are made tsqueries once
            // (MATERIALIZED: inlined, each was parsed again for every matching chunk). Since ts_rank_cd is below 1,
            // the order is by the words held, then by ts_rank_cd; so ts_rank_cd, the costly part (80 % of a search
            // matching 3,812 chunks), is computed only for the chunks holding at least as many words as the
            // limit-th best. Same rows, same order: on the eval's 156 questions and 6,180 chunks the keyword side
            // took 11.3 ms p50 and 18.8 ms p95 instead of 27.9 and 74.5 (docs/benchmarks.md, "Per answer").
            ctes.add("positive AS MATERIALIZED (SELECT term::tsquery AS word FROM terms WHERE term <> '' AND term NOT LIKE '!%')");
            ctes.add("counted AS MATERIALIZED (SELECT id, (SELECT count(*) FROM positive WHERE search @@ word) AS words"
                    + " FROM chunk, keyword_query WHERE " + owned + " AND search @@ query)");
            ctes.add("matching AS (SELECT c.id, counted.words + ts_rank_cd(c.search, keyword_query.query, 32) AS relevance"
                    + " FROM counted JOIN chunk c ON c.id = counted.id, keyword_query WHERE counted.words >= (SELECT"
                    + " coalesce(min(words), 0) FROM (SELECT words FROM counted ORDER BY words DESC LIMIT " + limit + ") AS best)"
                    + " ORDER BY relevance DESC, c.id LIMIT " + limit + ")");
            ctes.add("keyword_side AS (SELECT id, row_number() OVER (ORDER BY relevance DESC, id) AS rank FROM matching)");
        }
        String fused = switch (mode) {
            case vector -> "SELECT id, similarity AS score FROM vector_side";
            case keyword -> "SELECT id, " + share("keyword_side", config.keywordWeight(), k)
                    + " / " + best(config.keywordWeight(), k) + " AS score FROM keyword_side";
            case hybrid -> "SELECT coalesce(vector_side.id, keyword_side.id) AS id, ("
                    + "coalesce(" + share("vector_side", config.vectorWeight(), k) + ", 0)"
                    + " + coalesce(" + share("keyword_side", config.keywordWeight(), k) + ", 0)) / "
                    + best(config.vectorWeight() + config.keywordWeight(), k) + " AS score"
                    + " FROM vector_side FULL OUTER JOIN keyword_side ON keyword_side.id = vector_side.id";
        };
        ctes.add("fused AS (" + fused + ")");
        this.sql = "WITH " + String.join(", ", ctes)
                + " SELECT c.id, c.document_id, c.title, c.heading, c.ordinal, c.content, c.page, f.score"
                + " FROM fused f JOIN chunk c ON c.id = f.id ORDER BY f.score DESC, f.id";
    }

    String sql() {
        return sql;
    }

    Tuple params() {
        return Tuple.from(values);
    }

    private String bind(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    /** One side's reciprocal rank term, null for a chunk that side did not find. */
    private String share(String side, double weight, String k) {
        return bind(weight) + "::float8 / (" + k + " + " + side + ".rank)";
    }

    /** The fused score of a chunk ranked first by every side: scores are divided by it, so they run 0..1. */
    private String best(double weights, String k) {
        return "(" + bind(weights) + "::float8 / (" + k + " + 1))";
    }
}
