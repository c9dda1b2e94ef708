package io.ragchat.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.RedisNamespace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragchat eval}: how often retrieval finds the page that answers a question, on the CMake
 * documentation, for each retrieval configuration; writes {@code target/eval/results.json} and the generated
 * part of {@code docs/quality.md}. See {@link EvalOptions#usage()}.
 *
 * <p>The service is the packaged jar in its own process ({@link AppProcess}) on a free loopback port, with
 * its own database and Redis namespace, the extractive answerer (only the sources are judged, so no model
 * is needed) and authentication off. The database persists from one configuration to the next; each
 * configuration restarts the service with its settings.
 */
public final class Evaluation {

    /** A retrieval configuration: its id, what the report calls it, and the settings it starts the service with. */
    record Configuration(String id, String label, Map<String, String> settings) {
    }

    static final String DEFAULT_CONFIGURATION = "hybrid-diversity";
    private static final int SMOKE_QUESTIONS = 20;
    private static final int SMOKE_PAIRS = 5;
    private static final int SMOKE_OTHER_PAGES = 12;

    private Evaluation() {
    }

    public static void main(String[] args) {
        EvalOptions options;
        try {
            options = EvalOptions.parse(args);
        } catch (EvalOptions.HelpRequested help) {
            System.out.print(EvalOptions.usage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("ragchat eval: " + e.getMessage());
            System.err.print(EvalOptions.usage());
            System.exit(2);
            return;
        }
        try {
            JsonObject results = run(options, System.out::println);
            System.out.println("results: " + options.outputDir().resolve("results.json")
                    + options.markdown().map(m -> ", report: " + m).orElse(""));
            System.exit(results.getJsonArray("failures").isEmpty() ? 0 : 1);
        } catch (RuntimeException e) {
            System.err.println("ragchat eval failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static List<Configuration> configurations(EvalOptions options) {
        List<Configuration> all = new ArrayList<>();
        all.add(retrieval("vector", "vector", "vector", 0));
        if (!options.smoke()) {
            all.add(retrieval("vector-diversity", "vector + diversity", "vector", 1));
            all.add(retrieval("keyword", "keyword", "keyword", 0));
            all.add(retrieval("hybrid", "hybrid", "hybrid", 0));
        }
        all.add(retrieval(DEFAULT_CONFIGURATION, "hybrid + diversity (the defaults)", "hybrid", 1));
        options.rerankProvider().ifPresent(provider -> {
            Map<String, String> settings = new LinkedHashMap<>(retrieval("", "", "hybrid", 1).settings());
            settings.put("ragchat.rerank.provider", provider);
            settings.putAll(options.rerankSettings());
            all.add(new Configuration("hybrid-diversity-rerank", "hybrid + diversity + rerank (" + provider + ")", settings));
        });
        return all;
    }

    private static Configuration retrieval(String id, String label, String mode, int cap) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ragchat.retrieval.mode", mode);
        settings.put("ragchat.retrieval.max-chunks-per-document", String.valueOf(cap));
        return new Configuration(id, label, settings);
    }

    static JsonObject run(EvalOptions options, Consumer<String> log) {
        long start = System.nanoTime();
        CmakeCorpus corpus = CmakeCorpus.open(options.corpus());
        QuestionSet loaded = QuestionSet.load(options.questions());
        JsonArray skipped = new JsonArray();
        QuestionSet known = known(loaded, corpus, skipped);
        QuestionSet pool = options.smoke() ? known.first(SMOKE_QUESTIONS, SMOKE_PAIRS) : known;
        List<String> pages = options.smoke() ? corpus.slice(pool.pages(), SMOKE_OTHER_PAGES) : corpus.pages();
        QuestionSet asked = pool.half(options.half());

        JsonObject results = new JsonObject()
                .put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("command", options.command()).put("smoke", options.smoke()).put("machine", machine())
                .put("questions", new JsonObject().put("folder", options.questions().toString())
                        .put("questions", known.questions().size()).put("followUps", known.followUps().size())
                        .put("half", options.half().label()).put("splitRule", QuestionSet.SPLIT_RULE)
                        .put("asked", asked.questions().size()).put("pairsAsked", asked.followUps().size())
                        .put("skipped", skipped))
                .put("recallRule", "the answer's sources as returned (topK " + options.topK() + "), in order; recall@k: "
                        + "the right page is among the first k of them; MRR: 1 / the position of its first source, 0 if none");
        JsonArray configurations = new JsonArray();
        JsonArray failures = new JsonArray();
        results.put("configurations", configurations);
        JsonObject corpusJson = new JsonObject().put("folder", corpus.folder().toString()).put("mediaType", options.mediaType())
                .put("pages", pages.size());
        results.put("corpus", corpusJson);
        if (options.reingest()) {
            // Both, or the vectors cached by an earlier run would make ingestion look faster than embedding is.
            log.accept("== recreating the database " + options.database() + ", emptying the cache " + options.cacheNamespace());
            recreateDatabase(options.database());
            RedisNamespace.flush(options.cacheNamespace());
        }
        List<Configuration> runs = configurations(options);
        for (int i = 0; i < runs.size(); i++) {
            Configuration configuration = runs.get(i);
            log.accept("== " + configuration.label() + " " + configuration.settings());
            try (AppProcess app = start(options, configuration)) {
                EvalClient client = new EvalClient(app);
                if (i == 0) {
                    log.accept("   ingesting " + pages.size() + " pages from " + corpus.folder() + " as " + options.mediaType());
                    corpusJson.put("ingest", ingest(options, corpus, pages, client, log));
                }
                EvalClient.Documents documents = client.documents();
                corpusJson.put("documentsInService", documents.sources().size())
                        .put("chunksInService", documents.chunks());
                RetrievalScore score = askAll(options, client, asked.questions(), documents.sources());
                JsonObject row = score.toJson().put("id", configuration.id()).put("label", configuration.label())
                        .put("settings", new JsonObject(new LinkedHashMap<>(configuration.settings())));
                configurations.add(row);
                log.accept("   " + row.copy().put("ranks", "…").encode());
                if (configuration.id().equals(DEFAULT_CONFIGURATION)) {
                    results.put("followUps", followUps(options, client, asked.followUps(), documents.sources())
                            .put("configuration", configuration.id()));
                    log.accept("   follow-ups " + results.getJsonObject("followUps").encode());
                }
            } catch (RuntimeException e) {
                log.accept("   FAILED: " + e);
                failures.add(new JsonObject().put("configuration", configuration.id()).put("error", String.valueOf(e)));
            }
        }
        results.put("targets", EvalTargets.evaluate(results, options.half(), options.smoke()));
        results.put("failures", failures);
        results.put("durationSeconds", Math.round((System.nanoTime() - start) / 1e9));
        return QualityReport.write(results, options.outputDir().resolve("results.json"), options.markdown());
    }

    /** The questions and pairs whose pages are in the corpus; the others are listed as skipped. */
    private static QuestionSet known(QuestionSet loaded, CmakeCorpus corpus, JsonArray skipped) {
        List<QuestionSet.Question> questions = new ArrayList<>();
        for (QuestionSet.Question q : loaded.questions()) {
            if (corpus.contains(q.page())) {
                questions.add(q);
            } else {
                skipped.add(new JsonObject().put("id", q.id()).put("page", q.page()));
            }
        }
        List<QuestionSet.FollowUp> followUps = new ArrayList<>();
        for (QuestionSet.FollowUp f : loaded.followUps()) {
            if (corpus.contains(f.page()) && corpus.contains(f.firstPage())) {
                followUps.add(f);
            } else {
                skipped.add(new JsonObject().put("id", f.id()).put("page", f.page() + ", " + f.firstPage()));
            }
        }
        return new QuestionSet(questions, followUps);
    }

    private static AppProcess start(EvalOptions options, Configuration configuration) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/" + options.database());
        settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + options.database());
        settings.put("ragchat.embedding.cache.namespace", options.cacheNamespace());
        // Only the sources are judged: the extractive answerer needs no model.
        settings.put("ragchat.llm.provider", "extractive");
        settings.put("ragchat.auth.enabled", "false");
        // The eval asks from one client, several at a time: the per-caller limits would only refuse it.
        settings.put("ragchat.limit.questions-per-minute", "0");
        settings.put("ragchat.limit.streams-per-user", "${ragchat.limit.streams-total}");
        settings.put("ragchat.retrieval.max-top-k", String.valueOf(Math.max(10, options.topK())));
        settings.putAll(configuration.settings());
        settings.putAll(options.serviceSettings());
        return AppProcess.start(configuration.id(), options.appJar(), options.outputDir().resolve("logs"), settings, List.of());
    }

    /**
     * Sends every page, a few at a time; pages the service already has unchanged cost only their upload. The
     * rate is the pages (and chunks) actually stored over the whole pass's time.
     */
    private static JsonObject ingest(EvalOptions options, CmakeCorpus corpus, List<String> pages, EvalClient client,
            Consumer<String> log) {
        Map<String, AtomicInteger> statuses = new LinkedHashMap<>();
        for (String status : List.of("created", "replaced", "unchanged")) {
            statuses.put(status, new AtomicInteger());
        }
        AtomicLong newChunks = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        parallel(options.uploads(), pages, page -> {
            EvalClient.Ingested result = client.ingest(corpus.read(page, options.sendsHtml()), options.mediaType());
            statuses.computeIfAbsent(result.status(), s -> new AtomicInteger()).incrementAndGet();
            if (!result.status().equals("unchanged")) {
                newChunks.addAndGet(result.chunks());
            }
            int n = done.incrementAndGet();
            if (n % 200 == 0) {
                log.accept("   " + n + " of " + pages.size() + " pages");
            }
            return null;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        int stored = statuses.get("created").get() + statuses.get("replaced").get();
        JsonObject ingest = new JsonObject().put("seconds", Math.round(seconds * 10) / 10.0).put("stored", stored)
                .put("chunksStored", newChunks.get()).put("uploads", options.uploads()).put("cacheEmptied", options.reingest());
        statuses.forEach((status, n) -> ingest.put(status, n.get()));
        if (stored > 0) {
            ingest.put("pagesPerSecond", Math.round(stored / seconds * 10) / 10.0)
                    .put("chunksPerSecond", Math.round(newChunks.get() / seconds * 10) / 10.0);
        }
        log.accept("   " + ingest.encode());
        return ingest;
    }

    private static RetrievalScore askAll(EvalOptions options, EvalClient client, List<QuestionSet.Question> questions,
            Map<UUID, String> pages) {
        RetrievalScore score = new RetrievalScore();
        parallel(options.streams(), questions, q -> {
            score.add(q.id(), client.ask(q.question(), null, options.topK()), pages, q.page());
            return null;
        });
        return score;
    }

    /**
     * Each pair: {@code first} in a new conversation, then {@code followUp} in it; and {@code standalone} in
     * a conversation of its own. The follow-up and the standalone question are both judged against {@code page}.
     */
    private static JsonObject followUps(EvalOptions options, EvalClient client, List<QuestionSet.FollowUp> pairs,
            Map<UUID, String> pages) {
        RetrievalScore first = new RetrievalScore();
        RetrievalScore followUp = new RetrievalScore();
        RetrievalScore standalone = new RetrievalScore();
        parallel(options.streams(), pairs, pair -> {
            EvalClient.Answer opening = client.ask(pair.first(), null, options.topK());
            first.add(pair.id(), opening, pages, pair.firstPage());
            followUp.add(pair.id(), opening.ok() ? client.ask(pair.followUp(), opening.conversationId(), options.topK()) : opening,
                    pages, pair.page());
            standalone.add(pair.id(), client.ask(pair.standalone(), null, options.topK()), pages, pair.page());
            return null;
        });
        double difference = followUp.recallAt(2) - standalone.recallAt(2);
        return new JsonObject().put("pairs", pairs.size()).put("first", first.toJson()).put("followUp", followUp.toJson())
                .put("standalone", standalone.toJson())
                .put("recallAt2Difference", RetrievalScore.round3(difference));
    }

    private interface Task<T> {
        Void run(T item);
    }

    /** Runs the task for every item, {@code width} at a time; the first failure fails the whole. */
    private static <T> void parallel(int width, List<T> items, Task<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(width);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.run(item)));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Drops and recreates the database as PostgreSQL's superuser, as scripts/setup.sh does. */
    private static void recreateDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database + " OWNER ragchat");
        } catch (SQLException e) {
            throw new IllegalStateException("could not recreate the database " + database + " (as postgres): " + e.getMessage(), e);
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                Statement s = db.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the vector extension in " + database + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject machine() {
        JsonObject machine = new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    machine.put("memoryGiB", Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0));
                }
            }
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> machine.put("cpuModel", l.substring(l.indexOf(':') + 1).strip()));
        } catch (IOException e) {
            machine.put("cpuModel", "unknown");
        }
        return machine;
    }
}
