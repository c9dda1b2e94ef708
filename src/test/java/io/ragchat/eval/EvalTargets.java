package io.ragchat.eval;

import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The quality targets, each with what was measured and whether it was met ({@code met} is null when the run
 * did not measure it: recall targets count only on the held-out half, ingestion only when pages were stored).
 */
final class EvalTargets {

    static final double RECALL_AT_2 = 0.92;
    static final double RECALL_AT_5 = 0.98;
    static final double FOLLOW_UP_GAP = 0.05;
    static final double PAGES_PER_SECOND = 20;

    private EvalTargets() {
    }

    /** On a smoke run (a slice, a cold service) nothing is judged: the figures only show the report's shape. */
    static JsonArray evaluate(JsonObject results, EvalOptions.Half half, boolean smoke) {
        JsonArray targets = new JsonArray();
        JsonObject defaults = results.getJsonArray("configurations").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("id").equals(Evaluation.DEFAULT_CONFIGURATION)).findFirst().orElse(null);
        boolean heldOut = half == EvalOptions.Half.HELD_OUT && !smoke;
        String scope = smoke ? " (smoke: not judged)" : heldOut ? "" : " (half: " + half.label() + "; only held-out is judged)";
        recall(targets, "recall@2 ≥ " + RECALL_AT_2 + " on held-out, default settings", defaults, "recallAt2", RECALL_AT_2,
                heldOut, scope);
        recall(targets, "recall@5 ≥ " + RECALL_AT_5 + " on held-out, default settings", defaults, "recallAt5", RECALL_AT_5,
                heldOut, scope);

        JsonObject followUps = results.getJsonObject("followUps");
        Double gap = followUps == null || followUps.getInteger("pairs") == 0 ? null : followUps.getDouble("recallAt2Difference");
        targets.add(new JsonObject().put("target", "follow-up recall@2 within " + FOLLOW_UP_GAP + " of standalone")
                .put("measured", gap == null ? "no follow-up pairs asked"
                        : String.format(Locale.ROOT, "%.3f vs %.3f (difference %+.3f)%s",
                                followUps.getJsonObject("followUp").getDouble("recallAt2"),
                                followUps.getJsonObject("standalone").getDouble("recallAt2"), gap, scope))
                .put("met", gap == null || !heldOut ? null : gap >= -FOLLOW_UP_GAP));

        JsonObject ingest = results.getJsonObject("corpus").getJsonObject("ingest");
        Double rate = ingest == null ? null : ingest.getDouble("pagesPerSecond");
        targets.add(new JsonObject().put("target", "ingestion ≥ " + (int) PAGES_PER_SECOND + " pages/s")
                .put("measured", ingest == null ? "not measured (ingestion failed)"
                        : rate == null ? "not measured (all unchanged; --reingest measures it)"
                        : rate + " pages/s (" + ingest.getInteger("stored") + " pages stored)" + (smoke ? scope : ""))
                .put("met", rate == null || smoke ? null : rate >= PAGES_PER_SECOND));
        return targets;
    }

    private static void recall(JsonArray targets, String target, JsonObject defaults, String field, double goal,
            boolean heldOut, String scope) {
        Double measured = defaults == null || defaults.getInteger("questions") == 0 ? null : defaults.getDouble(field);
        targets.add(new JsonObject().put("target", target)
                .put("measured", measured == null ? "not measured" : String.format(Locale.ROOT, "%.3f", measured) + scope)
                .put("met", measured == null || !heldOut ? null : measured >= goal));
    }
}
