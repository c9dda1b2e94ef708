package io.ragchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ragchat.testing.MappedProperties;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The and the guide's targets, each with the figure that answers it. */
final class Targets {

    private Targets() {
    }

    static JsonArray evaluate(JsonObject results) {
        JsonArray targets = new JsonArray();
        JsonObject a = results.getJsonObject("tableA");
        if (a != null) {
            JsonArray rows = a.getJsonArray("rows");
            JsonObject allOn = rows.getJsonObject(rows.size() - 1);
            Double coldFirst = number(allOn.getJsonObject("cold").getValue("firstTokenMs"));
            Double warmFirst = number(allOn.getJsonObject("warm").getValue("firstTokenMs"));
            Double coldTotal = number(allOn.getJsonObject("cold").getValue("totalMs"));
            Double warmTotal = number(allOn.getJsonObject("warm").getValue("totalMs"));
            targets.add(target("Guide: time to first token < 1 s (all on)",
                    "cold %s ms, warm %s ms".formatted(f(coldFirst), f(warmFirst)),
                    both(coldFirst, warmFirst, v -> v < 1000)));
            targets.add(target("Guide: full answer 5–10 s (all on; at most 10 s)",
                    "cold %s ms, warm %s ms".formatted(f(coldTotal), f(warmTotal)),
                    both(coldTotal, warmTotal, v -> v <= 10_000)));
        }
        JsonObject b = results.getJsonObject("tableB");
        if (b != null) {
            List<JsonObject> cells = new ArrayList<>();
            b.getJsonArray("cells").forEach(o -> cells.add((JsonObject) o));
            int at = cells.stream().mapToInt(c -> c.getInteger("streams")).filter(s -> s <= 32).max().orElse(1);
            JsonObject hit = cells.stream().filter(c -> c.getInteger("streams") == at && "hit".equals(c.getString("cache")))
                    .findFirst().orElse(null);
            if (hit != null) {
                Double p50 = number(hit.getJsonObject("overheadMs").getValue("p50"));
                Double p99 = number(hit.getJsonObject("overheadMs").getValue("p99"));
                targets.add(target("Overhead p50 ≤ 10 ms and p99 ≤ 30 ms at " + at + " streams, cache hits",
                        "p50 %s ms, p99 %s ms".formatted(f(p50), f(p99)),
                        p50 == null || p99 == null ? null : p50 <= 10 && p99 <= 30));
                Double lookup = number(hit.getValue("cacheLookupP99BucketMs"));
                Double bucket = number(hit.getValue("embeddingStageP99BucketMs"));
                Double stageP99 = number(hit.getJsonObject("embeddingStageMs").getValue("p99"));
                Double judged = lookup != null ? lookup : bucket;
                targets.add(target("Cache-hit lookup p99 ≤ 1 ms (at " + at + " streams, cache hits)",
                        "cache_lookup histogram p99 ≤ %s ms; whole embedding stage p99 ≤ %s ms (done events: p99 %s ms)"
                                .formatted(f(lookup), f(bucket), f(stageP99)),
                        judged == null ? null : judged <= 1.0));
            }
            int most = cells.stream().mapToInt(c -> c.getInteger("streams")).max().orElse(0);
            long errors = cells.stream().filter(c -> c.getInteger("streams") == most).mapToLong(c -> c.getLong("errors")).sum();
            long requests = cells.stream().filter(c -> c.getInteger("streams") == most).mapToLong(c -> c.getLong("requests")).sum();
            targets.add(target("Zero errors at " + most + " streams", "%d errors in %d requests".formatted(errors, requests),
                    errors == 0));
        }
        JsonObject p = results.getJsonObject("tableP");
        if (p != null && p.getJsonObject("summary") != null) {
            peerTargets(p.getJsonObject("summary"), targets);
        }
        JsonObject r = results.getJsonObject("retrieval");
        if (r != null && !r.getJsonArray("sizes").isEmpty()) {
            JsonArray sizes = r.getJsonArray("sizes");
            JsonObject largest = sizes.getJsonObject(sizes.size() - 1);
            int rows = largest.getInteger("rows");
            // Judged at the ef_search the service searches with; the other values are for comparison.
            int serviceEfSearch = serviceEfSearch();
            StringBuilder measured = new StringBuilder();
            Boolean met = null;
            for (Object o : largest.getJsonArray("efSearch")) {
                JsonObject ef = (JsonObject) o;
                Double efP50 = number(ef.getValue("p50Ms"));
                Double efRecall = number(ef.getValue("recallAt10"));
                boolean serviceUsesIt = ef.getInteger("efSearch") == serviceEfSearch;
                measured.append(measured.isEmpty() ? "" : "; ").append("ef_search %s%s: p50 %s ms, recall %s"
                        .formatted(ef.getValue("efSearch"), serviceUsesIt ? " (the service's)" : "", f(efP50), efRecall));
                if (serviceUsesIt && efP50 != null && efRecall != null) {
                    met = efP50 <= 5 && efRecall >= 0.95;
                }
            }
            targets.add(target("Retrieval p50 ≤ 5 ms at %,d chunks with recall@10 ≥ 0.95 (ef_search %d)"
                    .formatted(rows, serviceEfSearch), measured.toString(), met));
        }
        return targets;
    }

    /** Issue 12's ratios against the plain quarkus-langchain4j app (Table P). */
    private static void peerTargets(JsonObject summary, JsonArray targets) {
        List<JsonObject> rows = new ArrayList<>();
        summary.getJsonArray("rows").forEach(o -> rows.add((JsonObject) o));
        for (boolean repeated : List.of(false, true)) {
            double limit = repeated ? 0.5 : 0.7;
            StringBuilder measured = new StringBuilder();
            boolean met = true;
            for (JsonObject row : rows.stream().filter(row -> row.getBoolean("repeated") == repeated).toList()) {
                JsonObject ratio = row.getJsonObject("ratio");
                double p50 = ratio.getDouble("ttftP50");
                double p99 = ratio.getDouble("ttftP99");
                measured.append(measured.isEmpty() ? "" : "; ").append("%s streams: %.2f, %.2f"
                        .formatted(row.getValue("streams"), p50, p99));
                met &= p50 <= limit && p99 <= limit;
            }
            targets.add(target("Peer: time to first token, %s questions, p50 and p99 ≤ %s × the peer's"
                    .formatted(repeated ? "repeated" : "new", limit), measured.toString(), rows.isEmpty() ? null : met));
        }
        rows.stream().filter(row -> !row.getBoolean("repeated") && row.getInteger("streams") == 32).findFirst()
                .ifPresent(row -> {
                    double ratio = row.getJsonObject("ratio").getDouble("answersPerSecond");
                    targets.add(target("Peer: answers per second at 32 streams, new questions, ≥ 1.3 × the peer's",
                            "%.2f ×".formatted(ratio), ratio >= 1.3));
                });
        JsonObject rss = summary.getJsonObject("rss_after_warmup_mib");
        targets.add(target("Peer: RSS after warm-up ≤ 0.8 × the peer's", "%s MiB against %s MiB: %.2f ×"
                .formatted(f(rss.getDouble("ragchat")), f(rss.getDouble("peer")), rss.getDouble("ratio")),
                rss.getDouble("ratio") <= 0.8));
        JsonObject first = summary.getJsonObject("first_answer_ms");
        targets.add(target("Peer: start to first answer ≤ 0.8 × the peer's", "%s ms against %s ms: %.2f ×"
                .formatted(f(first.getDouble("ragchat")), f(first.getDouble("peer")), first.getDouble("ratio")),
                first.getDouble("ratio") <= 0.8));
    }

    /** {@code ragchat.retrieval.ef-search} as the service runs it: its mapping's default. */
    private static int serviceEfSearch() {
        return Integer.parseInt(MappedProperties.defaults().get("ragchat.retrieval.ef-search"));
    }

    private static JsonObject target(String target, String measured, Boolean met) {
        return new JsonObject().put("target", target).put("measured", measured).put("met", met);
    }

    private static Boolean both(Double x, Double y, java.util.function.DoublePredicate ok) {
        return x == null || y == null ? null : ok.test(x) && ok.test(y);
    }

    private static Double number(Object value) {
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : null;
    }

    private static String f(Double value) {
        if (value == null) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
