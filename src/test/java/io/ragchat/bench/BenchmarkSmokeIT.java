package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.testing.Lane;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragchat bench --smoke} inside the test suite: every table at tiny sizes against the packaged
 * service (so it runs after {@code package}, under failsafe), writing only into target/bench-smoke/. It
 * asserts what holds by construction on any machine, however loaded — the structure, no errors, and an
 * ordering the simulator guarantees — never a timing.
 */
@Order(Lane.START_FIRST)
@ResourceLock(Lane.BENCH_DATABASE)
class BenchmarkSmokeIT {

    @Test
    void everyTableRunsAtTinySizesAndWritesItsResults() throws Exception {
        BenchOptions options = BenchOptions.parse("--smoke");
        assertThat(options.outputDir()).isEqualTo(Path.of("target/bench-smoke"));
        assertThat(options.markdown()).contains(Path.of("target/bench-smoke/benchmarks.md"));

        JsonObject results = Benchmark.run(options, System.out::println);

        assertThat(results.getJsonArray("failures")).as("tables that failed").isEmpty();
        assertThat(Files.readString(Path.of("target/bench-smoke/results.json"))).contains("\"tableA\"", "\"tableB\"",
                "\"tableC\"", "\"retrieval\"");
        assertThat(Files.readString(Path.of("target/bench-smoke/benchmarks.md"))).contains(ResultsWriter.BEGIN,
                "Table A", "Table B", "Table C", "Retrieval");

        // Table A: the baseline has no warm-up, so its first answer waits for the simulated large model's
        // load; everything on, the warm-up paid every load before the service reported started.
        JsonArray rows = results.getJsonObject("tableA").getJsonArray("rows");
        assertThat(rows).hasSize(2);
        JsonObject baseline = rows.getJsonObject(0);
        JsonObject allOn = rows.getJsonObject(1);
        assertThat(baseline.getString("id")).isEqualTo("baseline");
        assertThat(allOn.getString("id")).isEqualTo("warm-up");
        for (JsonObject row : List.of(baseline, allOn)) {
            assertThat(row.getJsonObject("cold").getInteger("errors")).isZero();
            assertThat(row.getJsonObject("warm").getInteger("errors")).isZero();
        }
        double baselineCold = baseline.getJsonObject("cold").getDouble("firstTokenMs");
        assertThat(baselineCold).isGreaterThanOrEqualTo(options.large().loadMillis());
        assertThat(baseline.getJsonObject("cold").getDouble("totalMs")).isEqualTo(baselineCold); // no streaming
        assertThat(allOn.getJsonObject("cold").getDouble("firstTokenMs")).isLessThan(baselineCold);

        // Table B: every cell ran, nothing failed, the overhead was measured request by request.
        JsonArray cells = results.getJsonObject("tableB").getJsonArray("cells");
        assertThat(cells).hasSize(options.concurrency().size() * 2);
        for (Object o : cells) {
            JsonObject cell = (JsonObject) o;
            assertThat(cell.getInteger("errors")).as("errors at %s streams", cell.getValue("streams")).isZero();
            assertThat(cell.getInteger("unmatched")).isZero();
            assertThat(cell.getJsonObject("overheadMs").getInteger("n")).isEqualTo(cell.getInteger("requests"));
            assertThat(cell.getDouble("streamsPerSecond")).isPositive();
            assertThat(cell.getDouble("rssMaxMiB")).isPositive();
        }
        assertThat(cells.getJsonObject(0).getInteger("cacheHits")).as("hit cells hit the cache")
                .isEqualTo(cells.getJsonObject(0).getInteger("requests"));
        assertThat(cells.getJsonObject(1).getInteger("cacheHits")).as("miss cells miss it").isZero();

        // Table C: both start-ups reached ready; the warm-up loads the embedding model, so it uses more memory.
        JsonArray startups = results.getJsonObject("tableC").getJsonArray("rows");
        assertThat(startups).hasSize(2);
        assertThat(startups.getJsonObject(0).getDouble("startToReadyMs")).isPositive();
        assertThat(startups.getJsonObject(1).getDouble("idleRssMiB"))
                .isGreaterThan(startups.getJsonObject(0).getDouble("idleRssMiB"));

        // Retrieval: recall is a fraction, times are positive. (At 1,000 rows the planner may rightly prefer
        // a sequential scan to the HNSW index, so whether it used the index is reported, not asserted.)
        JsonObject size = results.getJsonObject("retrieval").getJsonArray("sizes").getJsonObject(0);
        for (Object o : size.getJsonArray("efSearch")) {
            JsonObject ef = (JsonObject) o;
            assertThat(ef.getDouble("recallAt10")).isBetween(0.0, 1.0);
            assertThat(ef.getDouble("p50Ms")).isPositive();
            assertThat(ef.getBoolean("usesHnswIndex")).isNotNull();
        }
        assertThat(results.getJsonArray("targets")).isNotEmpty();
    }
}
