package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.testing.Lane;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragchat bench --smoke --soak} inside the test suite: 16 streams for 10 s against the packaged
 * service, new and continued conversations, cache hits and misses, streamed, JSON and stopped answers. It
 * asserts what must hold however loaded the machine is: no answer fails, and once the background writer
 * has drained the history holds, matched by id, a {@code complete} row for every completed answer, a row
 * for every stopped one, and no other. (A stopped answer's row says {@code cancelled}, or {@code complete}
 * when a starved client closed only after the answer had ended, so its status is reported, not asserted.) Memory is sampled and reported but not judged: 10 s is inside
 * the JIT's and the heap's own warm-up, so a trend over it says nothing; the real soak (minutes) does.
 */
@ResourceLock(Lane.BENCH_DATABASE)
class SoakSmokeIT {

    @Test
    void sixteenStreamsForTwentySecondsLoseNoAnswerAndNoHistoryRow() throws Exception {
        BenchOptions options = BenchOptions.parse("--smoke", "--soak");
        assertThat(options.soak().streams()).isEqualTo(16);

        JsonObject results = Benchmark.run(options, System.out::println);

        assertThat(results.getJsonArray("failures")).as("what failed").isEmpty();
        JsonObject soak = results.getJsonObject("soak");
        JsonObject answers = soak.getJsonObject("answers");
        JsonObject history = soak.getJsonObject("history");
        assertThat(answers.getInteger("errors")).as("failed answers: %s", answers.getJsonArray("errorKinds")).isZero();
        assertThat(answers.getInteger("completed")).as("every stream completed answers").isGreaterThanOrEqualTo(16);
        assertThat(answers.getInteger("streamedCacheHits")).as("repeated questions hit the cache").isPositive();
        assertThat(soak.getInteger("conversations")).as("follow-ups continue conversations")
                .isLessThan(answers.getInteger("completed") + answers.getInteger("stopped"));

        assertThat(history.getBoolean("settled")).as("the background writer drained").isTrue();
        assertThat(history.getInteger("completedAnswersWithCompleteRow")).as("a complete row for every completed answer")
                .isEqualTo(answers.getInteger("completed"));
        assertThat(history.getInteger("stoppedAnswersWithoutRow")).as("a row for every stopped answer").isZero();
        assertThat(history.getInteger("rowsOfNoAnswer")).as("rows no answer accounts for").isZero();
        assertThat(history.getInteger("cancelledRows") + history.getInteger("completeRows"))
                .isEqualTo(answers.getInteger("completed") + answers.getInteger("stopped"));
        assertThat(history.getInteger("failedRows")).isZero();

        JsonObject memory = soak.getJsonObject("memory");
        assertThat(memory.getInteger("samplesAfterWarmUp")).isGreaterThanOrEqualTo(3);
        assertThat(memory.getDouble("rssAtEndMiB")).isPositive();
        assertThat(memory.getJsonObject("afterFullGc").getDouble("heapUsedMiB")).as("heap after a full GC").isPositive();
        JsonObject liveHeap = memory.getJsonObject("liveHeap");
        assertThat(liveHeap.getDouble("atWarmUpEndMiB")).as("live heap at the warm-up's end").isPositive();
        assertThat(liveHeap.getDouble("atEndMiB")).as("live heap at the end").isPositive();
        assertThat(liveHeap.getDouble("growthPercent")).isNotNull();

        assertThat(Files.readString(Path.of("target/bench-smoke/soak.json"))).contains("\"soak\"");
        assertThat(Files.readString(Path.of("target/bench-smoke/benchmarks.md"))).contains(ResultsWriter.SOAK_BEGIN,
                "Soak results", ResultsWriter.SOAK_END);
    }
}
