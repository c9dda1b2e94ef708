package io.ragchat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's flags, as {@code --flag value} or {@code --flag=value}. {@code --smoke} changes the
 * defaults to tiny sizes (the flags given still win).
 */
record BenchOptions(int runs, boolean smoke, Optional<String> ollamaUrl, ModelProfile large, ModelProfile small,
        Set<Table> tables, List<Integer> concurrency, int requestsPerCell, double overheadDecodeTokensPerSecond,
        List<Integer> retrievalSizes,
        int retrievalQueries, List<Integer> efSearch, Path outputDir, Optional<Path> markdown, Path appJar,
        String database, String cacheNamespace, boolean jfr, Map<String, String> serviceSettings,
        List<String> jvmOptions, String command, Soak soak) {

    enum Table {
        A, B, C, R
    }

    /**
     * The soak mode ({@code --soak}): instead of the tables, {@code streams} clients keep the service busy
     * for {@code duration}; memory is judged on the samples after {@code warmUp}.
     */
    record Soak(boolean enabled, Duration duration, int streams, Duration warmUp, Duration sampleInterval) {
    }

    static final String USAGE = """
            Usage: ./ragchat bench [flags]
              --runs N               runs per Table A scenario and Table C row (default 3; smoke 1)
              --smoke                tiny sizes, writes target/bench-smoke/ (never docs/benchmarks.md)
              --tables A,B,C,R       which tables (default all): A guide scenario, B overhead under load,
                                     C start-up, R retrieval
              --ollama-url URL       a real Ollama instead of the simulator (Table B then reports raw
                                     time to first token: Ollama's own is not known per request)
              --large-model NAME     the large model's name (default llama3.1:8b)
              --small-model NAME     the small (fast) model's name (default qwen2.5:0.5b)
              --large-load-ms N      simulated cold load of the large model (default 10000)
              --large-prefill-tps X  its prompt tokens per second (default 114)
              --large-decode-tps X   its answer tokens per second (default 14)
              --large-answer-tokens N  its answer length (default 120)
              --small-load-ms N, --small-prefill-tps X, --small-decode-tps X, --small-answer-tokens N
                                     the same for the small model (defaults 6300, 611, 51, 120)
              --concurrency LIST     Table B stream counts (default 1,8,32,64; smoke 1,2)
              --requests N           Table B requests per cell, at least 5 per stream (default 120; smoke 4)
              --overhead-decode-tps X  Table B: the simulator's answer pace, no load, no prefill (default 100;
                                     Infinity: every answer at once, a pure throughput test)
              --retrieval-sizes LIST chunk counts for R (default 10000,100000; smoke 1000)
              --queries N            R query vectors (default 200; smoke 20)
              --ef-search LIST       hnsw.ef_search values for R (default 40,100)
              --out DIR              results folder (default target/bench; smoke target/bench-smoke)
              --markdown FILE        the report (default docs/benchmarks.md; smoke: DIR/benchmarks.md)
              --jfr                  record a JFR profile of the Table B service into DIR/tableB.jfr
              --set KEY=VALUE        a setting for every service started (repeatable), e.g.
                                     --set ragchat.llm.max-connections=5; it wins over the scenario's
              --app-jar FILE         the service to run (default target/quarkus-app/quarkus-run.jar)
              --database NAME        the benchmark's database (default ragchat_bench, or the environment's
                                     RAGCHAT_BENCH_DATABASE; it must exist, with pgvector)
              --jvm-option OPT       a JVM option for every service started (repeatable), e.g.
                                     --jvm-option -XX:+UseSerialGC (default: none, as ./ragchat demo)
              --soak                 the soak test instead of the tables: many streams for minutes against
                                     the simulated small model; zero errors, memory flat after warm-up,
                                     history rows = answers. Writes the report's Soak section and
                                     DIR/soak.json (smoke: 20 s, 16 streams)
              --soak-duration D      how long the load runs, e.g. 5m, 90s (default 5m; smoke 20s)
              --soak-streams N       concurrent streams (default 64; smoke 16)
              --soak-warm-up D       the first part of the load left out of the memory trend (default a
                                     fifth of the duration, at most 1m)
              --help                 this text""";

    static BenchOptions parse(String... args) {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        boolean soak = Arrays.asList(args).contains("--soak");
        Duration soakDuration = smoke ? Duration.ofSeconds(20) : Duration.ofMinutes(5);
        int soakStreams = smoke ? 16 : 64;
        Duration soakWarmUp = null;
        Integer runs = null;
        Optional<String> ollama = Optional.empty();
        ModelProfile large = smoke ? Calibration.SMOKE_LARGE : Calibration.LARGE;
        ModelProfile small = smoke ? soak ? Calibration.SMOKE_SOAK_SMALL : Calibration.SMOKE_SMALL : Calibration.SMALL;
        Set<Table> tables = EnumSet.allOf(Table.class);
        List<Integer> concurrency = smoke ? List.of(1, 2) : List.of(1, 8, 32, 64);
        int requests = smoke ? 4 : 120;
        double overheadDecode = smoke ? 1_000 : 100;
        List<Integer> sizes = smoke ? List.of(1_000) : List.of(10_000, 100_000);
        int queries = smoke ? 20 : 200;
        List<Integer> efSearch = List.of(40, 100);
        Path out = Path.of(smoke ? "target/bench-smoke" : "target/bench");
        Path markdown = null;
        boolean jfr = false;
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> jvmOptions = new ArrayList<>();
        Path appJar = Path.of("target/quarkus-app/quarkus-run.jar");
        String database = Optional.ofNullable(System.getenv("RAGCHAT_BENCH_DATABASE")).orElse("ragchat_bench");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--smoke") || arg.equals("--soak") || arg.equals("--jfr") || arg.equals("--help")
                    || arg.equals("-h")) {
                if (arg.equals("--jfr")) {
                    jfr = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    throw new HelpRequested();
                }
                continue;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected '" + arg + "'");
            }
            switch (name) {
                case "--runs" -> runs = positive(name, value);
                case "--ollama-url" -> ollama = Optional.of(value.replaceAll("/+$", ""));
                case "--tables" -> tables = tables(value);
                case "--large-model" -> large = withModel(large, value);
                case "--small-model" -> small = withModel(small, value);
                case "--large-load-ms", "--large-prefill-tps", "--large-decode-tps", "--large-answer-tokens" ->
                        large = withFigure(large, name.substring("--large-".length()), value);
                case "--small-load-ms", "--small-prefill-tps", "--small-decode-tps", "--small-answer-tokens" ->
                        small = withFigure(small, name.substring("--small-".length()), value);
                case "--concurrency" -> concurrency = list(name, value);
                case "--requests" -> requests = positive(name, value);
                case "--overhead-decode-tps" -> overheadDecode = rate(name.substring(2), value);
                case "--retrieval-sizes" -> sizes = list(name, value);
                case "--queries" -> queries = positive(name, value);
                case "--ef-search" -> efSearch = list(name, value);
                case "--out" -> out = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                case "--jvm-option" -> jvmOptions.add(value);
                case "--app-jar" -> appJar = Path.of(value);
                case "--database" -> database = value;
                case "--soak-duration" -> soakDuration = duration(name, value);
                case "--soak-streams" -> soakStreams = positive(name, value);
                case "--soak-warm-up" -> soakWarmUp = duration(name, value);
                case "--set" -> {
                    int at = value.indexOf('=');
                    if (at <= 0) {
                        throw new IllegalArgumentException("--set wants KEY=VALUE, got '" + value + "'");
                    }
                    settings.put(value.substring(0, at), value.substring(at + 1));
                }
                default -> throw new IllegalArgumentException("unknown flag " + name + " (see --help)");
            }
        }
        if (soakWarmUp == null) {
            // A fifth of the run, at most a minute: the JIT and the heap settle well within that.
            Duration fifth = soakDuration.dividedBy(5);
            soakWarmUp = fifth.compareTo(Duration.ofMinutes(1)) < 0 ? fifth : Duration.ofMinutes(1);
        }
        if (soak && soakWarmUp.compareTo(soakDuration) >= 0) {
            throw new IllegalArgumentException("--soak-warm-up must be shorter than --soak-duration");
        }
        if (large.model().equals(small.model())) {
            throw new IllegalArgumentException("the large and the small model must differ");
        }
        Path report = markdown != null ? markdown : smoke ? out.resolve("benchmarks.md") : Path.of("docs/benchmarks.md");
        return new BenchOptions(runs != null ? runs : smoke ? 1 : 3, smoke, ollama, large, small, tables,
                concurrency, requests, overheadDecode, sizes, queries, efSearch, out, Optional.of(report),
                appJar, database,
                smoke ? "ragchat-bench-smoke:emb:" : "ragchat-bench:emb:", jfr, Map.copyOf(settings), List.copyOf(jvmOptions),
                "./ragchat bench " + String.join(" ", args),
                new Soak(soak, soakDuration, soakStreams, soakWarmUp, Duration.ofSeconds(smoke ? 1 : 5)));
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

    private static ModelProfile withFigure(ModelProfile p, String figure, String value) {
        return switch (figure) {
            case "load-ms" -> new ModelProfile(p.model(), nonNegative("--" + figure, value), p.prefillTokensPerSecond(),
                    p.decodeTokensPerSecond(), p.answerTokens());
            case "prefill-tps" -> new ModelProfile(p.model(), p.loadMillis(), rate(figure, value), p.decodeTokensPerSecond(),
                    p.answerTokens());
            case "decode-tps" -> new ModelProfile(p.model(), p.loadMillis(), p.prefillTokensPerSecond(), rate(figure, value),
                    p.answerTokens());
            case "answer-tokens" -> new ModelProfile(p.model(), p.loadMillis(), p.prefillTokensPerSecond(),
                    p.decodeTokensPerSecond(), positive("--" + figure, value));
            default -> throw new IllegalArgumentException(figure);
        };
    }

    private static Set<Table> tables(String value) {
        Set<Table> tables = EnumSet.noneOf(Table.class);
        for (String part : value.split(",")) {
            try {
                tables.add(Table.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--tables: unknown table '" + part + "' (A, B, C, R)");
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
