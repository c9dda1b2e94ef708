package io.ragchat.eval;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The eval's flags, as {@code --flag value} or {@code --flag=value}, in the benchmark's style. {@code --smoke}
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
                default -> throw new IllegalArgumentException("--half: tune, held-out or all, not '" + value + "'");
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final Path CMAKE_HTML = Path.of("/usr/share/doc/cmake-data/html");

    static final String USAGE = """
            Usage: ./ragchat eval [flags]
              --smoke                a small slice: the pages the first 20 questions (and 5 follow-ups) point
                                     at plus 40 others, vector and hybrid + diversity only, a fresh database
                                     (ragchat_eval_smoke); writes target/eval/smoke/ (never docs/quality.md)
              --half H               tune | held-out | all: which half of the questions is asked (default
                                     held-out; smoke: all). Sorted by id, even positions tune, odd held out
              --corpus DIR           the HTML pages (default /usr/share/doc/cmake-data/html, Debian's cmake-doc)
              --media-type TYPE      how pages are sent: text/html (default: the page as it is) or
                                     text/markdown / text/plain (the page's main text, converted here)
              --questions DIR        the questions*.jsonl and followups*.jsonl files (default eval/cmake)
              --reingest             drop and recreate the eval database first, so ingestion is measured
              --uploads N            concurrent uploads while ingesting (default 4)
              --streams N            concurrent questions (default 4)
              --top-k N              sources asked for per question (default 5; recall@5 needs 5)
              --rerank-provider P    also run hybrid + diversity + rerank with ragchat.rerank.provider=P
                                     (http; another the service offers, e.g. onnx)
              --rerank-url URL       the reranking server (sets ragchat.rerank.http.base-url, and the provider
                                     to http unless --rerank-provider says otherwise)
              --rerank-set KEY=VALUE a further setting for the rerank run only (repeatable)
              --set KEY=VALUE        a setting for every service started (repeatable); it wins over the
                                     configuration's own
              --out DIR              results folder (default target/eval; smoke target/eval/smoke)
              --markdown FILE        the report (default docs/quality.md; smoke: DIR/quality.md)
              --app-jar FILE         the service to run (default target/quarkus-app/quarkus-run.jar)
              --database NAME        the eval's database (default ragchat_eval, or RAGCHAT_EVAL_DATABASE;
                                     smoke: ragchat_eval_smoke, or RAGCHAT_EVAL_SMOKE_DATABASE)
              --help                 this text""";

    static EvalOptions parse(String... args) {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        boolean reingest = smoke;
        Half half = smoke ? Half.ALL : Half.HELD_OUT;
        Path corpus = CMAKE_HTML;
        String mediaType = "text/html";
        Path questions = Path.of("eval/cmake");
        Path out = Path.of(smoke ? "target/eval/smoke" : "target/eval");
        Path markdown = null;
        Path appJar = Path.of("target/quarkus-app/quarkus-run.jar");
        String database = smoke ? env("RAGCHAT_EVAL_SMOKE_DATABASE", "ragchat_eval_smoke") : env("RAGCHAT_EVAL_DATABASE", "ragchat_eval");
        int uploads = 4;
        int streams = 4;
        int topK = 5;
        Optional<String> rerankProvider = Optional.empty();
        Map<String, String> rerank = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> throw new HelpRequested();
                case "--smoke" -> {
                    continue;
                }
                case "--reingest" -> {
                    reingest = true;
                    continue;
                }
                default -> {
                }
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
                case "--half" -> half = Half.of(value);
                case "--corpus" -> corpus = Path.of(value);
                case "--media-type" -> mediaType = mediaType(value);
                case "--questions" -> questions = Path.of(value);
                case "--uploads" -> uploads = positive(name, value);
                case "--streams" -> streams = positive(name, value);
                case "--top-k" -> topK = positive(name, value);
                case "--rerank-provider" -> rerankProvider = Optional.of(value);
                case "--rerank-url" -> {
                    rerank.put("ragchat.rerank.http.base-url", value);
                    rerankProvider = rerankProvider.or(() -> Optional.of("http"));
                }
                case "--rerank-set" -> put(rerank, name, value);
                case "--set" -> put(settings, name, value);
                case "--out" -> out = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                case "--app-jar" -> appJar = Path.of(value);
                case "--database" -> database = value;
                default -> throw new IllegalArgumentException("unknown flag " + name + " (see --help)");
            }
        }
        if (!rerank.isEmpty() && rerankProvider.isEmpty()) {
            throw new IllegalArgumentException("--rerank-set needs --rerank-provider or --rerank-url");
        }
        Path report = markdown != null ? markdown : smoke ? out.resolve("quality.md") : Path.of("docs/quality.md");
        return new EvalOptions(smoke, half, corpus, mediaType, questions, out, Optional.of(report), appJar, database,
                smoke ? "ragchat-eval-smoke:emb:" : "ragchat-eval:emb:", reingest, uploads, streams, topK, rerankProvider,
                Map.copyOf(rerank), Map.copyOf(settings), "./ragchat eval " + String.join(" ", args));
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

    private static void put(Map<String, String> settings, String flag, String value) {
        int at = value.indexOf('=');
        if (at <= 0) {
            throw new IllegalArgumentException(flag + " wants KEY=VALUE, got '" + value + "'");
        }
        settings.put(value.substring(0, at), value.substring(at + 1));
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
