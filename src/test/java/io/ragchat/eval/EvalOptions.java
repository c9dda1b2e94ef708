package io.ragchat.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The eval's flags, read by picocli as {@code --flag value} or {@code --flag=value}, in the benchmark's style. {@code --smoke}
 * changes the defaults to a small slice (the flags given still win).
 */
record EvalOptions(boolean smoke, Half half, Path corpus, String mediaType, Path questions, Path outputDir,
        Optional<Path> markdown, Path appJar, String database, String cacheNamespace, boolean reingest,
        int uploads, int streams, int topK, Optional<String> rerankProvider, Map<String, String> rerankSettings,
        Map<String, String> serviceSettings, String command) {

    /** Which questions are asked: the split is by id, sorted; even positions tune, odd ones are held out. */
    enum Half {
        TUNE, HELD_OUT, ALL;

        static Half of(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "tune" -> TUNE;
                case "held-out", "heldout" -> HELD_OUT;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("tune, held-out or all, not '" + value + "'");
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final Path CMAKE_HTML = Path.of("/usr/share/doc/cmake-data/html");

    /** The flags as given; null where not given, so that {@code --smoke} can choose the default. */
    @Command(customSynopsis = "./ragchat eval [flags]", sortOptions = false, usageHelpWidth = 110)
    static final class Flags {
        @Option(names = "--smoke", description = "a small slice: the pages the first 20 questions (and 5 follow-ups) point "
                + "at plus 12 others, vector and hybrid + diversity only, a fresh database (ragchat_eval_smoke); writes "
                + "target/eval/smoke/ (never docs/quality.md)")
        boolean smoke;
        @Option(names = "--half", paramLabel = "H", converter = HalfConverter.class, description = "tune | held-out | all: "
                + "which half of the questions is asked (default held-out; smoke: all). Sorted by id, even positions "
                + "tune, odd held out")
        Half half;
        @Option(names = "--corpus", paramLabel = "DIR",
                description = "the HTML pages (default /usr/share/doc/cmake-data/html, Debian's cmake-doc)")
        Path corpus = CMAKE_HTML;
        @Option(names = "--media-type", paramLabel = "TYPE", description = "how pages are sent: text/html (default: the "
                + "page as it is) or text/markdown / text/plain (the page's main text, converted here)")
        String mediaType = "text/html";
        @Option(names = "--questions", paramLabel = "DIR",
                description = "the questions*.jsonl and followups*.jsonl files (default eval/cmake)")
        Path questions = Path.of("eval/cmake");
        @Option(names = "--reingest", description = "drop and recreate the eval database and empty its embedding cache"
                + " first, so ingestion is measured, embedding included")
        boolean reingest;
        @Option(names = "--uploads", paramLabel = "N", description = "concurrent uploads while ingesting (default 4)")
        String uploads = "4";
        @Option(names = "--streams", paramLabel = "N", description = "concurrent questions (default 4)")
        String streams = "4";
        @Option(names = "--top-k", paramLabel = "N", description = "sources asked for per question (default 5; recall@5 needs 5)")
        String topK = "5";
        @Option(names = "--rerank-provider", paramLabel = "P", description = "also run hybrid + diversity + rerank with "
                + "ragchat.rerank.provider=P (http; another the service offers, e.g. onnx)")
        String rerankProvider;
        @Option(names = "--rerank-url", paramLabel = "URL", description = "the reranking server (sets "
                + "ragchat.rerank.http.base-url, and the provider to http unless --rerank-provider says otherwise)")
        String rerankUrl;
        @Option(names = "--rerank-set", paramLabel = "KEY=VALUE", description = "a further setting for the rerank run only (repeatable)")
        Map<String, String> rerankSettings = new LinkedHashMap<>();
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting for every service started "
                + "(repeatable); it wins over the configuration's own")
        Map<String, String> settings = new LinkedHashMap<>();
        @Option(names = "--out", paramLabel = "DIR", description = "results folder (default target/eval; smoke target/eval/smoke)")
        Path out;
        @Option(names = "--markdown", paramLabel = "FILE", description = "the report (default docs/quality.md; smoke: DIR/quality.md)")
        Path markdown;
        @Option(names = "--app-jar", paramLabel = "FILE", description = "the service to run (default target/quarkus-app/quarkus-run.jar)")
        Path appJar = Path.of("target/quarkus-app/quarkus-run.jar");
        @Option(names = "--database", paramLabel = "NAME", description = "the eval's database (default ragchat_eval, or "
                + "RAGCHAT_EVAL_DATABASE; smoke: ragchat_eval_smoke, or RAGCHAT_EVAL_SMOKE_DATABASE)")
        String database;
        @Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
        boolean help;
    }

    /** {@code --half}'s words, with the accepted ones named when another is given. */
    static final class HalfConverter implements ITypeConverter<Half> {
        @Override
        public Half convert(String value) {
            try {
                return Half.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The help text of {@code ./ragchat eval --help}. */
    static String usage() {
        return commandLine(new Flags()).getUsageMessage();
    }

    /** The longest flag names keep their descriptions on their own line; a flag given twice: the last one wins. */
    private static CommandLine commandLine(Flags flags) {
        return new CommandLine(flags).setUsageHelpLongOptionsMaxWidth(24).setOverwrittenOptionsAllowed(true);
    }

    static EvalOptions parse(String... args) {
        Flags flags = new Flags();
        try {
            if (commandLine(flags).parseArgs(args).isUsageHelpRequested()) {
                throw new HelpRequested();
            }
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean smoke = flags.smoke;
        Map<String, String> rerank = new LinkedHashMap<>();
        Optional<String> rerankProvider = Optional.ofNullable(flags.rerankProvider);
        if (flags.rerankUrl != null) {
            rerank.put("ragchat.rerank.http.base-url", flags.rerankUrl);
            rerankProvider = rerankProvider.or(() -> Optional.of("http"));
        }
        rerank.putAll(flags.rerankSettings);
        if (!flags.rerankSettings.isEmpty() && rerankProvider.isEmpty()) {
            throw new IllegalArgumentException("--rerank-set needs --rerank-provider or --rerank-url");
        }
        Path out = flags.out != null ? flags.out : Path.of(smoke ? "target/eval/smoke" : "target/eval");
        Path report = flags.markdown != null ? flags.markdown : smoke ? out.resolve("quality.md") : Path.of("docs/quality.md");
        String database = flags.database != null ? flags.database
                : smoke ? env("RAGCHAT_EVAL_SMOKE_DATABASE", "ragchat_eval_smoke") : env("RAGCHAT_EVAL_DATABASE", "ragchat_eval");
        return new EvalOptions(smoke, flags.half != null ? flags.half : smoke ? Half.ALL : Half.HELD_OUT, flags.corpus,
                mediaType(flags.mediaType), flags.questions, out, Optional.of(report), flags.appJar, database,
                smoke ? "ragchat-eval-smoke:emb:" : "ragchat-eval:emb:", smoke || flags.reingest,
                positive("--uploads", flags.uploads), positive("--streams", flags.streams), positive("--top-k", flags.topK),
                rerankProvider, Map.copyOf(rerank), Map.copyOf(flags.settings), "./ragchat eval " + String.join(" ", args));
    }

    /** Whether pages go to the service as HTML; otherwise their main text is converted here. */
    boolean sendsHtml() {
        return mediaType.equals("text/html");
    }

    private static String mediaType(String value) {
        String type = value.strip().toLowerCase(Locale.ROOT);
        if (!type.equals("text/html") && !type.equals("text/markdown") && !type.equals("text/plain")) {
            throw new IllegalArgumentException("--media-type: text/html, text/markdown or text/plain, not '" + value + "'");
        }
        return type;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number: " + value);
        }
    }

    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
    }

    /** {@code --help} was given. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
