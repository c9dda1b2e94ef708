package io.ragchat.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import io.ragchat.bench.Stats;
import io.vertx.core.json.JsonObject;

/**
 * Recall@k and mean reciprocal rank of a set of answers, each judged by where the right page first appears
 * among its sources as returned (a page that fills two sources counts twice toward k, as the user sees it),
 * and the service's own search timings. Each question's rank is kept (0: not among the sources).
 */
final class RetrievalScore {

    /** The stage timings reported, from each answer's {@code timings}: the later two where the service has them. */
    private static final List<String> STAGES = List.of("embeddingMs", "retrievalMs", "rerankMs", "rewriteMs");

    /** Each question's rank by its id, sorted, so a run can be compared with another question by question. */
    private final Map<String, Integer> ranks = new TreeMap<>();
    private final Map<String, List<Double>> timings = new LinkedHashMap<>();
    private int errors;

    /** The 1-based position of the first source from {@code page}, or 0 when none is. */
    static int rank(List<UUID> sources, Map<UUID, String> pages, String page) {
        for (int i = 0; i < sources.size(); i++) {
            if (Objects.equals(pages.get(sources.get(i)), page)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Adds one answer; a failed answer counts as a miss, and as an error. */
    synchronized void add(String id, EvalClient.Answer answer, Map<UUID, String> pages, String page) {
        if (!answer.ok()) {
            errors++;
            ranks.put(id, 0);
            return;
        }
        ranks.put(id, rank(answer.sources(), pages, page));
        for (String stage : STAGES) {
            Long ms = answer.timings().get(stage);
            if (ms != null) {
                timings.computeIfAbsent(stage, s -> new ArrayList<>()).add(ms.doubleValue());
            }
        }
    }

    synchronized double recallAt(int k) {
        return ranks.isEmpty() ? Double.NaN : ranks.values().stream().filter(r -> r >= 1 && r <= k).count() / (double) ranks.size();
    }

    synchronized double mrr() {
        return ranks.isEmpty() ? Double.NaN : ranks.values().stream().mapToDouble(r -> r == 0 ? 0 : 1.0 / r).sum() / ranks.size();
    }

    synchronized JsonObject toJson() {
        JsonObject json = new JsonObject().put("questions", ranks.size()).put("errors", errors)
                .put("recallAt1", round3(recallAt(1))).put("recallAt2", round3(recallAt(2)))
                .put("recallAt5", round3(recallAt(5))).put("mrr", round3(mrr()));
        timings.forEach((stage, values) -> json.put(stage, new JsonObject()
                .put("p50", Stats.round(Stats.percentile(values, 50))).put("p95", Stats.round(Stats.percentile(values, 95)))));
        return json.put("ranks", new JsonObject(new LinkedHashMap<>(ranks)));
    }

    /** Three decimals; null for an unknown figure (JSON has no NaN). */
    static Double round3(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
    }
}
