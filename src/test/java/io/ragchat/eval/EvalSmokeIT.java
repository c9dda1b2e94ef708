package io.ragchat.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.testing.Lane;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragchat eval --smoke} inside the test suite: a slice of the CMake documentation ingested into a
 * fresh database of the packaged service (so it runs after {@code package}, under failsafe), the first
 * questions asked of the vector and the default (hybrid + diversity) configurations, and the follow-ups;
 * it writes only into target/eval/smoke/. It asserts the report's shape, and that hybrid search with one
 * chunk per page finds at least what vector search alone finds.
 */
@Order(Lane.START_FIRST)
@ResourceLock(Lane.EVAL_DATABASE)
class EvalSmokeIT {

    @Test
    void theSmokeSliceIsScoredForEveryConfigurationAndReported() throws Exception {
        EvalOptions options = EvalOptions.parse("--smoke");
        assertThat(options.outputDir()).isEqualTo(Path.of("target/eval/smoke"));
        assertThat(options.markdown()).contains(Path.of("target/eval/smoke/quality.md"));

        JsonObject results = Evaluation.run(options, System.out::println);

        assertThat(results.getJsonArray("failures")).as("configurations that failed").isEmpty();
        assertThat(Files.readString(Path.of("target/eval/smoke/results.json"))).contains("\"configurations\"", "\"followUps\"");
        assertThat(Files.readString(Path.of("target/eval/smoke/quality.md"))).contains(QualityReport.BEGIN, QualityReport.END,
                "Retrieval by configuration", "Follow-ups", "Targets");

        // A fresh database: every page of the slice was stored, and the rate measured.
        JsonObject ingest = results.getJsonObject("corpus").getJsonObject("ingest");
        assertThat(ingest.getInteger("created")).isEqualTo(results.getJsonObject("corpus").getInteger("pages")).isPositive();
        assertThat(ingest.getDouble("pagesPerSecond")).isPositive();
        assertThat(ingest.getDouble("chunksPerSecond")).isPositive();
        assertThat(ingest.getBoolean("cacheEmptied")).as("the embedding cache emptied, so every vector was computed").isTrue();

        Map<String, JsonObject> byId = results.getJsonArray("configurations").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(c -> c.getString("id"), c -> c));
        assertThat(byId).containsKeys("vector", Evaluation.DEFAULT_CONFIGURATION);
        for (JsonObject configuration : byId.values()) {
            assertScore(configuration);
            assertThat(configuration.getJsonObject("retrievalMs").getDouble("p50")).isNotNull();
            assertThat(configuration.getJsonObject("embeddingMs").getDouble("p95")).isNotNull();
        }

        JsonObject followUps = results.getJsonObject("followUps");
        assertThat(followUps.getInteger("pairs")).isPositive();
        for (String asked : List.of("first", "followUp", "standalone")) {
            assertScore(followUps.getJsonObject(asked));
        }
        assertThat(followUps.getDouble("recallAt2Difference")).isBetween(-1.0, 1.0);
        assertThat(results.getJsonArray("targets")).hasSize(4);

        JsonObject vector = byId.get("vector");
        JsonObject hybrid = byId.get(Evaluation.DEFAULT_CONFIGURATION);
        assertThat(hybrid.getDouble("recallAt5")).as("hybrid + diversity recall@5 against vector's")
                .isGreaterThanOrEqualTo(vector.getDouble("recallAt5"));
    }

    /** Every answer came, and every figure is a fraction, recall growing with k. */
    private static void assertScore(JsonObject score) {
        assertThat(score.getInteger("questions")).isPositive();
        assertThat(score.getInteger("errors")).isZero();
        for (String metric : List.of("recallAt1", "recallAt2", "recallAt5", "mrr")) {
            assertThat(score.getDouble(metric)).as(metric).isNotNull().isBetween(0.0, 1.0);
        }
        assertThat(score.getDouble("recallAt1")).isLessThanOrEqualTo(score.getDouble("recallAt2"));
        assertThat(score.getDouble("recallAt2")).isLessThanOrEqualTo(score.getDouble("recallAt5"));
        assertThat(score.getDouble("mrr")).isBetween(score.getDouble("recallAt1"), score.getDouble("recallAt5"));
    }
}
