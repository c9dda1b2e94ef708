package io.ragchat.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes the eval's results: every figure as JSON, and the report's generated section as Markdown between
 * {@link #BEGIN} and {@link #END}; whatever was written by hand around them is kept.
 */
final class QualityReport {

    static final String BEGIN = "<!-- eval:begin -->";
    static final String END = "<!-- eval:end -->";

    private QualityReport() {
    }

    /** Writes both and answers the results as written. */
    static JsonObject write(JsonObject results, Path json, Optional<Path> markdown) {
        JsonObject written = results.copy();
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, written.encodePrettily() + "\n");
            if (markdown.isPresent()) {
                Path report = markdown.get();
                Files.createDirectories(report.toAbsolutePath().getParent());
                String old = Files.exists(report) ? Files.readString(report) : "# ragchat retrieval quality\n";
                Files.writeString(report, replaceBetween(old, BEGIN + "\n" + markdown(written) + END));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    static String replaceBetween(String text, String generated) {
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        return from >= 0 && to > from ? text.substring(0, from) + generated + text.substring(to + END.length())
                : text.stripTrailing() + "\n\n" + generated + "\n";
    }

    static String markdown(JsonObject r) {
        StringBuilder md = new StringBuilder("\n");
        JsonObject machine = r.getJsonObject("machine");
        JsonObject corpus = r.getJsonObject("corpus");
        JsonObject questions = r.getJsonObject("questions");
        md.append("- Command: `").append(r.getString("command").strip()).append("`")
                .append(r.getBoolean("smoke") ? " (smoke: a slice of the corpus and the questions)" : "").append('\n');
        md.append("- Date: ").append(r.getString("date")).append(", ").append(r.getValue("durationSeconds")).append(" s\n");
        md.append("- Machine: ").append(machine.getValue("cpus")).append(" CPUs (").append(machine.getString("cpuModel", "unknown"))
                .append("), ").append(machine.getValue("memoryGiB")).append(" GiB; ").append(machine.getString("java")).append('\n');
        md.append("- Corpus: ").append(corpus.getValue("pages")).append(" pages of `").append(corpus.getString("folder"))
                .append("` sent as `").append(corpus.getString("mediaType")).append("`; the service holds ")
                .append(num(corpus.getValue("documentsInService"))).append(" documents, ")
                .append(num(corpus.getValue("chunksInService"))).append(" chunks\n");
        JsonObject ingest = corpus.getJsonObject("ingest");
        if (ingest != null) {
            md.append("- Ingestion (").append(ingest.getValue("uploads")).append(" concurrent uploads): ")
                    .append(ingest.getValue("created")).append(" new, ").append(ingest.getValue("replaced")).append(" replaced, ")
                    .append(ingest.getValue("unchanged")).append(" unchanged in ").append(num(ingest.getValue("seconds")))
                    .append(" s; ").append(ingest.getValue("pagesPerSecond") == null ? "rate not measured (all unchanged)"
                            : num(ingest.getValue("pagesPerSecond")) + " pages/s, " + num(ingest.getValue("chunksPerSecond"))
                                    + " chunks/s for the " + ingest.getValue("stored") + " pages stored"
                                    + (Boolean.TRUE.equals(ingest.getBoolean("cacheEmptied"))
                                            ? ", every vector computed (the embedding cache emptied first)"
                                            : ", with the embedding cache as it was (the vectors it held not computed)"))
                    .append('\n');
        }
        md.append("- Questions: ").append(questions.getValue("asked")).append(" of ").append(questions.getValue("questions"))
                .append(" (half: ").append(questions.getString("half")).append(") and ")
                .append(questions.getValue("pairsAsked")).append(" of ").append(questions.getValue("followUps"))
                .append(" follow-up pairs, from `").append(questions.getString("folder")).append("`; split: ")
                .append(questions.getString("splitRule")).append('\n');
        JsonArray skipped = questions.getJsonArray("skipped");
        if (!skipped.isEmpty()) {
            md.append("- Skipped (page not in the corpus): ").append(skipped.size()).append(" — ");
            skipped.stream().map(JsonObject.class::cast).limit(10)
                    .forEach(s -> md.append('`').append(s.getString("id")).append("` (").append(s.getString("page")).append(") "));
            md.append('\n');
        }
        md.append("- Recall: ").append(r.getString("recallRule")).append("\n\n");

        md.append("### Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (Object o : r.getJsonArray("targets")) {
            JsonObject t = (JsonObject) o;
            md.append("| ").append(t.getString("target")).append(" | ").append(t.getString("measured")).append(" | ")
                    .append(t.getValue("met") == null ? "–" : t.getBoolean("met") ? "met" : "**missed**").append(" |\n");
        }

        md.append("\n### Retrieval by configuration\n\n| configuration | settings | questions | errors | recall@1 | recall@2 "
                + "| recall@5 | MRR | embedding p50 / p95 ms | retrieval p50 / p95 ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Object o : r.getJsonArray("configurations")) {
            JsonObject c = (JsonObject) o;
            StringBuilder settings = new StringBuilder();
            c.getJsonObject("settings").forEach(e -> settings.append(settings.isEmpty() ? "" : ", ")
                    .append('`').append(e.getKey().replace("ragchat.", "")).append('=').append(e.getValue()).append('`'));
            md.append("| ").append(c.getString("label")).append(" | ").append(settings).append(" | ").append(c.getValue("questions"))
                    .append(" | ").append(c.getValue("errors")).append(" | ").append(fraction(c.getValue("recallAt1")))
                    .append(" | ").append(fraction(c.getValue("recallAt2"))).append(" | ").append(fraction(c.getValue("recallAt5")))
                    .append(" | ").append(fraction(c.getValue("mrr"))).append(" | ").append(timing(c, "embeddingMs"))
                    .append(" | ").append(timing(c, "retrievalMs")).append(" |\n");
        }
        r.getJsonArray("configurations").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("id").equals(Evaluation.DEFAULT_CONFIGURATION)).findFirst().ifPresent(c -> {
                    List<String> missed = c.getJsonObject("ranks").stream().filter(e -> ((Number) e.getValue()).intValue() == 0)
                            .map(e -> "`" + e.getKey() + "`").toList();
                    md.append("\nNot among the sources with the defaults (").append(missed.size()).append("): ")
                            .append(missed.isEmpty() ? "none" : String.join(", ", missed)).append(". Every question's rank, "
                                    + "per configuration, is in results.json.\n");
                });
        JsonObject f = r.getJsonObject("followUps");
        if (f != null) {
            md.append("\n### Follow-ups (").append(f.getString("configuration")).append(", ").append(f.getValue("pairs"))
                    .append(" pairs)\n\n| asked | recall@2 | recall@5 | MRR | errors |\n|---|---:|---:|---:|---:|\n");
            row(md, "the first question, new conversation", f.getJsonObject("first"));
            row(md, "the follow-up, in that conversation", f.getJsonObject("followUp"));
            row(md, "the follow-up written to stand alone, new conversation", f.getJsonObject("standalone"));
            md.append("\nFollow-up minus standalone, recall@2: ").append(signed(f.getValue("recallAt2Difference"))).append("\n");
        }
        JsonArray failures = r.getJsonArray("failures");
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n\n");
            failures.stream().map(JsonObject.class::cast).forEach(e -> md.append("- ").append(e.getString("configuration"))
                    .append(": `").append(e.getString("error").replace("`", "'")).append("`\n"));
        }
        return md.append('\n').toString();
    }

    private static void row(StringBuilder md, String label, JsonObject score) {
        md.append("| ").append(label).append(" | ").append(fraction(score.getValue("recallAt2"))).append(" | ")
                .append(fraction(score.getValue("recallAt5"))).append(" | ").append(fraction(score.getValue("mrr"))).append(" | ")
                .append(score.getValue("errors")).append(" |\n");
    }

    private static String timing(JsonObject c, String stage) {
        JsonObject t = c.getJsonObject(stage);
        return t == null ? "–" : num(t.getValue("p50")) + " / " + num(t.getValue("p95"));
    }

    private static String fraction(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
    }

    private static String signed(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%+.3f", n.doubleValue()) : "–";
    }

    private static String num(Object value) {
        if (!(value instanceof Number n)) {
            return "–";
        }
        double d = n.doubleValue();
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
