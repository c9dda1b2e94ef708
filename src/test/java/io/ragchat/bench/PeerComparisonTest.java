package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Table P's reading of the peer harness's output, its ratios, its report and the targets. */
class PeerComparisonTest {

    /** The lines the harness's load client prints (its format), with the fake Ollama's own first token. */
    private static String loadOutput(String mode, String path, int streams, int errors, double p50, double p99,
            double answersPerSecond) {
        return """
                %s /chat: %d stream(s) x 20 request(s), miss (distinct), answers measured: 20
                time to first token ms: p50 %.1f  p95 0  p99 %.1f  max 0
                RESULT mode=%s path=%s streams=%d n=%d errors=%d ttft_p50=%.1f ttft_p95=0.0 ttft_p99=%.1f \
                ttft_max=0.0 total_p50=400.0 total_p95=0.0 total_p99=0.0 total_max=0.0 answers_per_s=%.2f fake_ttft_p50=1.50
                """.formatted(mode, streams, p50, p99, mode, path, streams, streams * 20, errors, p50, p99, answersPerSecond);
    }

    private static JsonObject cell(String service, boolean repeated, int streams, double p50, double p99, double rate) {
        return PeerComparison.resultLine(loadOutput(service, repeated ? "hit" : "miss", streams, 0, p50, p99, rate))
                .put("service", service).put("repeated", repeated);
    }

    private static JsonObject start(String service, String firstAnswerMs, String rssMiB) {
        JsonObject start = new JsonObject().put("service", service);
        PeerComparison.fields(service.toUpperCase() + " pid=1 port=8091 first_answer_ms=" + firstAnswerMs
                + " rss_after_warmup_mib=" + rssMiB + " quarkus='started in 1.2s'").forEach(start::put);
        return start;
    }

    @Test
    void aLoadRunIsReadNetOfTheFakesOwnFirstTokenWithItsErrors() {
        JsonObject cell = PeerComparison.resultLine(loadOutput("peer", "miss", 8, 3, 41.5, 101.5, 51.8));

        assertThat(cell.getDouble("ttftP50MinusFakeMs")).isEqualTo(40.0);
        assertThat(cell.getDouble("ttftP99MinusFakeMs")).isEqualTo(100.0);
        assertThat(cell.getInteger("errors")).isEqualTo(3);
        assertThat(cell.getInteger("answers")).isEqualTo(160);
        assertThat(cell.getDouble("answersPerSecond")).isEqualTo(51.8);
        assertThatThrownBy(() -> PeerComparison.resultLine("error: connection refused"))
                .hasMessageContaining("no RESULT line").hasMessageContaining("connection refused");
    }

    @Test
    void ratiosTheReportAndTheTargetsCompareRagchatWithThePeer() {
        JsonArray cells = new JsonArray();
        for (int streams : PeerComparison.STREAMS) {
            cells.add(cell("peer", false, streams, 101.5, 201.5, 50));
            cells.add(cell("ragchat", false, streams, 51.5, 121.5, 70));
            cells.add(cell("peer", true, streams, 101.5, 201.5, 50));
            cells.add(cell("ragchat", true, streams, streams == 32 ? 61.5 : 41.5, 81.5, 80));
        }
        JsonArray starts = new JsonArray(List.of(start("peer", "4000", "340"), start("ragchat", "3000", "280"),
                start("peer", "4400", "350"), start("ragchat", "3100", "290")));

        JsonObject summary = PeerComparison.summary(cells, starts);

        JsonObject newAt8 = summary.getJsonArray("rows").getJsonObject(2);
        assertThat(newAt8.getInteger("streams")).isEqualTo(8);
        assertThat(newAt8.getJsonObject("ratio").getDouble("ttftP50")).isEqualTo(0.5);
        assertThat(newAt8.getJsonObject("ratio").getDouble("ttftP99")).isEqualTo(0.6);
        assertThat(newAt8.getJsonObject("ratio").getDouble("answersPerSecond")).isEqualTo(1.4);
        assertThat(summary.getJsonObject("rss_after_warmup_mib").getDouble("ratio")).isEqualTo(0.83);
        assertThat(summary.getJsonObject("first_answer_ms").getDouble("peer")).isEqualTo(4200.0);

        JsonObject tableP = new JsonObject().put("harness", "../shared/peer").put("aotCache", true)
                .put("requestsPerStream", 20).put("cells", cells).put("starts", starts).put("summary", summary);
        JsonArray targets = Targets.evaluate(new JsonObject().put("tableP", tableP));
        assertThat(met(targets, "new questions")).as("0.5 and 0.6 at every stream count").isTrue();
        assertThat(met(targets, "repeated questions")).as("0.6 at 32 streams is above 0.5").isFalse();
        assertThat(met(targets, "answers per second")).isTrue();
        assertThat(met(targets, "RSS")).as("0.83 is above 0.8").isFalse();
        assertThat(met(targets, "start to first answer")).isTrue();

        String report = ResultsWriter.markdown(new JsonObject().put("tableP", tableP)
                .put("models", new JsonObject().put("large", "l").put("small", "s"))
                .put("corpus", new JsonObject().put("files", new JsonArray()).put("chunks", 0))
                .put("machine", new JsonObject()).put("calibrationSources", new JsonArray()));
        assertThat(report).contains("### Table P: against the peer", "| 8 | new | 100 (200) | 50 (120) | 50 | 70 | 0, 0 | 0.5, 0.6, 1.4 |",
                "peer 4,200 ms, ragchat 3,050 ms");
    }

    @Test
    void withoutTheHarnessTheTableSaysWhyItIsEmpty() {
        JsonObject skipped = new PeerComparison(BenchOptions.parse("--peer", "target/no-such-harness"), null, line -> { })
                .run();

        assertThat(skipped.getString("skipped")).contains("no peer harness at").contains("no-such-harness");
        assertThat(Targets.evaluate(new JsonObject().put("tableP", skipped))).isEmpty();
    }

    private static boolean met(JsonArray targets, String about) {
        return targets.stream().map(JsonObject.class::cast).filter(t -> t.getString("target").contains(about))
                .map(t -> t.getBoolean("met")).findFirst().orElseThrow();
    }
}
