package io.ragchat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The benchmark's flags, read by picocli as {@code --flag value} or {@code --flag=value}. {@code --smoke}
 * changes the defaults to tiny sizes (the flags given still win).
 */
record BenchOptions(int runs, boolean smoke, Optional<String> ollamaUrl, ModelProfile large, ModelProfile small,
        Set<Table> tables, List<Integer> concurrency, int requestsPerCell, double overheadDecodeTokensPerSecond,
        List<Integer> retrievalSizes,
        int retrievalQueries, List<Integer> efSearch, Path outputDir, Optional<Path> markdown, Path appJar,
        String database, String cacheNamespace, boolean jfr, Map<String, String> serviceSettings,
        List<String> jvmOptions, String command, Soak soak, Path peerHarness) {

    enum Table {
        A, B, C, R, P
    }

    /**
     * The soak mode ({@code --soak}): instead of the tables, {@code streams} clients keep the service busy
     * for {@code duration}; memory is judged on the samples after {@code warmUp}.
     */
    record Soak(boolean enabled, Duration duration, int streams, Duration warmUp, Duration sampleInterval) {
    }

    /** The flags as given; null where not given, so that {@code --smoke} can choose the default. */
    @Command(customSynopsis = "./ragchat bench [flags]", sortOptions = false, usageHelpWidth = 110)
    static final class Flags {
        @Option(names = "--runs", paramLabel = "N", description = "runs per Table A scenario and Table C row (default 3; smoke 1)")
        String runs;
        @Option(names = "--smoke", description = "tiny sizes, writes target/bench-smoke/ (never docs/benchmarks.md)")
        boolean smoke;
        @Option(names = "--tables", paramLabel = "A,B,C,R,P", description = "which tables (default all; smoke all but P): "
                + "A guide scenario, B overhead under load, C start-up, R retrieval, P against the peer")
        String tables;
        @Option(names = "--ollama-url", paramLabel = "URL", description = "a real Ollama instead of the simulator (Table B "
                + "then reports raw time to first token: Ollama's own is not known per request)")
        String ollamaUrl;
        @Option(names = "--large-model", paramLabel = "NAME", description = "the large model's name (default llama3.1:8b)")
        String largeModel;
        @Option(names = "--small-model", paramLabel = "NAME", description = "the small (fast) model's name (default qwen2.5:0.5b)")
        String smallModel;
        @Option(names = "--large-load-ms", paramLabel = "N", description = "simulated cold load of the large model (default 10000)")
        String largeLoadMs;
        @Option(names = "--large-prefill-tps", paramLabel = "X", description = "its prompt tokens per second (default 114)")
        String largePrefillTps;
        @Option(names = "--large-decode-tps", paramLabel = "X", description = "its answer tokens per second (default 14)")
        String largeDecodeTps;
        @Option(names = "--large-answer-tokens", paramLabel = "N", description = "its answer length (default 120)")
        String largeAnswerTokens;
        @Option(names = "--small-load-ms", paramLabel = "N", description = "the same for the small model (default 6300)")
        String smallLoadMs;
        @Option(names = "--small-prefill-tps", paramLabel = "X", description = "the same for the small model (default 611)")
        String smallPrefillTps;
        @Option(names = "--small-decode-tps", paramLabel = "X", description = "the same for the small model (default 51)")
        String smallDecodeTps;
        @Option(names = "--small-answer-tokens", paramLabel = "N", description = "the same for the small model (default 120)")
        String smallAnswerTokens;
        @Option(names = "--concurrency", paramLabel = "LIST", description = "Table B stream counts (default 1,8,32,64; smoke 1,2)")
        String concurrency;
        @Option(names = "--requests", paramLabel = "N",
                description = "Table B requests per cell, at least 5 per stream (default 120; smoke 4)")
        String requests;
        @Option(names = "--overhead-decode-tps", paramLabel = "X", description = "Table B: the simulator's answer pace, no "
                + "load, no prefill (default 100; Infinity: every answer at once, a pure throughput test)")
        String overheadDecodeTps;
        @Option(names = "--retrieval-sizes", paramLabel = "LIST", description = "chunk counts for R (default 10000,100000; smoke 1000)")
        String retrievalSizes;
        @Option(names = "--queries", paramLabel = "N", description = "R query vectors (default 200; smoke 20)")
        String queries;
        @Option(names = "--ef-search", paramLabel = "LIST", description = "hnsw.ef_search values for R (default 40,100)")
        String efSearch;
        @Option(names = "--out", paramLabel = "DIR", description = "results folder (default target/bench; smoke target/bench-smoke)")
        Path out;
        @Option(names = "--markdown", paramLabel = "FILE", description = "the report (default docs/benchmarks.md; smoke: DIR/benchmarks.md)")
        Path markdown;
        @Option(names = "--jfr", description = "record a JFR profile of the Table B service into DIR/tableB.jfr")
        boolean jfr;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = { "a setting for every service started (repeatable), e.g.",
                "  --set ragchat.llm.max-connections=5; it wins over the scenario's" })
        Map<String, String> settings = new LinkedHashMap<>();
        @Option(names = "--app-jar", paramLabel = "FILE", description = "the service to run (default target/quarkus-app/quarkus-run.jar)")
        Path appJar = Path.of("target/quarkus-app/quarkus-run.jar");
        @Option(names = "--database", paramLabel = "NAME", description = "the benchmark's database (default ragchat_bench, or "
                + "the environment's RAGCHAT_BENCH_DATABASE; it must exist, with pgvector)")
        String database = Optional.ofNullable(System.getenv("RAGCHAT_BENCH_DATABASE")).orElse("ragchat_bench");
        @Option(names = "--jvm-option", paramLabel = "OPT", description = { "a JVM option for every service started (repeatable), e.g.",
                "  --jvm-option -XX:+UseSerialGC (default: none, as ./ragchat demo)" })
        List<String> jvmOptions = new ArrayList<>();
        @Option(names = "--peer", paramLabel = "DIR", description = "Table P: the peer's harness, the plain "
                + "quarkus-langchain4j app (default ../shared/peer; the table is skipped when it is not there)")
        Path peer = Path.of("../shared/peer");
        @Option(names = "--soak", description = "the soak test instead of the tables: many streams for minutes against the "
                + "simulated small model; zero errors, memory flat after warm-up, history rows = answers. Writes the "
                + "report's Soak section and DIR/soak.json (smoke: 10 s, 16 streams)")
        boolean soak;
        @Option(names = "--soak-duration", paramLabel = "D", description = "how long the load runs, e.g. 5m, 90s (default 5m; smoke 10s)")
        String soakDuration;
        @Option(names = "--soak-streams", paramLabel = "N", description = "concurrent streams (default 64; smoke 16)")
        String soakStreams;
        @Option(names = "--soak-warm-up", paramLabel = "D", description = "the first part of the load left out of the memory "
                + "trend (default a fifth of the duration, at most 1m)")
        String soakWarmUp;
        @Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
        boolean help;
    }

    /** The help text of {@code ./ragchat bench --help}. */
    static String usage() {
        return commandLine(new Flags()).getUsageMessage();
    }

    /** The longest flag names keep their descriptions on their own line; a flag given twice: the last one wins. */
    private static CommandLine commandLine(Flags flags) {
        return new CommandLine(flags).setUsageHelpLongOptionsMaxWidth(24).setOverwrittenOptionsAllowed(true);
    }

    static BenchOptions parse(String... args) {
        Flags flags = new Flags();
        try {
            if (commandLine(flags).parseArgs(args).isUsageHelpRequested()) {
                throw new HelpRequested();
            }
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean smoke = flags.smoke;
        boolean soak = flags.soak;
        ModelProfile large = smoke ? Calibration.SMOKE_LARGE : Calibration.LARGE;
        ModelProfile small = smoke ? soak ? Calibration.SMOKE_SOAK_SMALL : Calibration.SMOKE_SMALL : Calibration.SMALL;
        large = withFigures(flags.largeModel != null ? withModel(large, flags.largeModel) : large, "--large-",
                flags.largeLoadMs, flags.largePrefillTps, flags.largeDecodeTps, flags.largeAnswerTokens);
        small = withFigures(flags.smallModel != null ? withModel(small, flags.smallModel) : small, "--small-",
                flags.smallLoadMs, flags.smallPrefillTps, flags.smallDecodeTps, flags.smallAnswerTokens);
        if (large.model().equals(small.model())) {
            throw new IllegalArgumentException("the large and the small model must differ");
        }
        Duration soakDuration = flags.soakDuration != null ? duration("--soak-duration", flags.soakDuration)
                : smoke ? Duration.ofSeconds(10) : Duration.ofMinutes(5);
        Duration soakWarmUp;
        if (flags.soakWarmUp != null) {
            soakWarmUp = duration("--soak-warm-up", flags.soakWarmUp);
        } else {
            // A fifth of the run, at most a minute: the JIT and the heap settle well within that.
            Duration fifth = soakDuration.dividedBy(5);
            soakWarmUp = fifth.compareTo(Duration.ofMinutes(1)) < 0 ? fifth : Duration.ofMinutes(1);
        }
        if (soak && soakWarmUp.compareTo(soakDuration) >= 0) {
            throw new IllegalArgumentException("--soak-warm-up must be shorter than --soak-duration");
        }
        Path out = flags.out != null ? flags.out : Path.of(smoke ? "target/bench-smoke" : "target/bench");
        Path report = flags.markdown != null ? flags.markdown : smoke ? out.resolve("benchmarks.md") : Path.of("docs/benchmarks.md");
        return new BenchOptions(flags.runs != null ? positive("--runs", flags.runs) : smoke ? 1 : 3, smoke,
                Optional.ofNullable(flags.ollamaUrl).map(url -> url.replaceAll("/+$", "")), large, small,
                flags.tables != null ? tables(flags.tables)
                        : smoke ? EnumSet.complementOf(EnumSet.of(Table.P)) : EnumSet.allOf(Table.class),
                flags.concurrency != null ? list("--concurrency", flags.concurrency) : smoke ? List.of(1, 2) : List.of(1, 8, 32, 64),
                flags.requests != null ? positive("--requests", flags.requests) : smoke ? 4 : 120,
                flags.overheadDecodeTps != null ? rate("overhead-decode-tps", flags.overheadDecodeTps) : smoke ? 1_000 : 100,
                flags.retrievalSizes != null ? list("--retrieval-sizes", flags.retrievalSizes)
                        : smoke ? List.of(1_000) : List.of(10_000, 100_000),
                flags.queries != null ? positive("--queries", flags.queries) : smoke ? 20 : 200,
                flags.efSearch != null ? list("--ef-search", flags.efSearch) : List.of(40, 100),
                out, Optional.of(report), flags.appJar, flags.database,
                smoke ? "ragchat-bench-smoke:emb:" : "ragchat-bench:emb:", flags.jfr, Map.copyOf(flags.settings),
                List.copyOf(flags.jvmOptions), "./ragchat bench " + String.join(" ", args),
                new Soak(soak, soakDuration,
                        flags.soakStreams != null ? positive("--soak-streams", flags.soakStreams) : smoke ? 16 : 64,
                        soakWarmUp, Duration.ofSeconds(smoke ? 1 : 5)),
                flags.peer);
    }

    boolean simulated() {
        return ollamaUrl.isEmpty();
    }

    List<String> models() {
        return List.of(small.model(), large.model(), "all-minilm");
    }

    private static ModelProfile withModel(ModelProfile profile, String model) {
        return new ModelProfile(model, profile.loadMillis(), profile.prefillTokensPerSecond(),
                profile.decodeTokensPerSecond(), profile.answerTokens());
    }

    /** The model's figures given as flags ({@code prefix} + load-ms, prefill-tps, decode-tps, answer-tokens). */
    private static ModelProfile withFigures(ModelProfile profile, String prefix, String loadMs, String prefillTps,
            String decodeTps, String answerTokens) {
        ModelProfile p = profile;
        p = loadMs != null ? withFigure(p, "load-ms", loadMs, prefix) : p;
        p = prefillTps != null ? withFigure(p, "prefill-tps", prefillTps, prefix) : p;
        p = decodeTps != null ? withFigure(p, "decode-tps", decodeTps, prefix) : p;
        return answerTokens != null ? withFigure(p, "answer-tokens", answerTokens, prefix) : p;
    }

    private static ModelProfile withFigure(ModelProfile p, String figure, String value, String prefix) {
        return switch (figure) {
            case "load-ms" -> new ModelProfile(p.model(), nonNegative(prefix + figure, value), p.prefillTokensPerSecond(),
                    p.decodeTokensPerSecond(), p.answerTokens());
            case "prefill-tps" -> new ModelProfile(p.model(), p.loadMillis(), rate(prefix.substring(2) + figure, value), p.decodeTokensPerSecond(),
                    p.answerTokens());
            case "decode-tps" -> new ModelProfile(p.model(), p.loadMillis(), p.prefillTokensPerSecond(), rate(prefix.substring(2) + figure, value),
                    p.answerTokens());
            case "answer-tokens" -> new ModelProfile(p.model(), p.loadMillis(), p.prefillTokensPerSecond(),
                    p.decodeTokensPerSecond(), positive(prefix + figure, value));
            default -> throw new IllegalArgumentException(figure);
        };
    }

    private static Set<Table> tables(String value) {
        Set<Table> tables = EnumSet.noneOf(Table.class);
        for (String part : value.split(",")) {
            try {
                tables.add(Table.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--tables: unknown table '" + part + "' (A, B, C, R, P)");
            }
        }
        return tables;
    }

    private static List<Integer> list(String name, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            list.add(positive(name, part.strip()));
        }
        return List.copyOf(list);
    }

    private static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", ""));
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number: " + value);
        }
    }

    /** {@code 300}, {@code 300s}, {@code 5m}, {@code 1h} or {@code 500ms}; a bare number is seconds. */
    static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": not a duration (e.g. 90s, 5m): " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than zero");
        }
        return duration;
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    private static double rate(String name, String value) {
        double rate = value.equalsIgnoreCase("infinity") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--" + name + " must be > 0");
        }
        return rate;
    }

    /** {@code --help} was given. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
