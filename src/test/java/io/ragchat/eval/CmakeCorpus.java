package io.ragchat.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CMake documentation's HTML pages (Debian's cmake-doc), each known by its path relative to the HTML
 * folder, which is also its {@code source} in the service. The index, the search page and the static,
 * source, image and download folders are not pages.
 */
final class CmakeCorpus {

    private static final Set<String> SKIPPED_FOLDERS = Set.of("_static", "_sources", "_images", "_downloads");
    private static final Set<String> SKIPPED_PAGES = Set.of("genindex.html", "search.html");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE_SUFFIX = Pattern.compile("\\s*(&mdash;|—)\\s*CMake [^<]*Documentation\\s*$");
    private static final Pattern MAIN = Pattern.compile("<div class=\"body\" role=\"main\">(.*?)<div class=\"sphinxsidebar\"",
            Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("<h([1-6])[^>]*>(.*?)</h\\1>", Pattern.DOTALL);
    private static final Pattern BLOCK_END = Pattern.compile("</(p|pre|li|dt|dd|div|table|tr|blockquote)>|<br\\s*/?>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private final Path folder;
    private final List<String> pages;

    private CmakeCorpus(Path folder, List<String> pages) {
        this.folder = folder;
        this.pages = pages;
    }

    static CmakeCorpus open(Path folder) {
        if (!Files.isRegularFile(folder.resolve("index.html"))) {
            throw new IllegalStateException(folder + " has no CMake documentation: install Debian's cmake-doc "
                    + "(./ragchat eval does), or name the folder with --corpus");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> pages = files.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(CmakeCorpus::isPage).sorted().toList();
            return new CmakeCorpus(folder, pages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPage(String path) {
        if (!path.endsWith(".html") || SKIPPED_PAGES.contains(path)) {
            return false;
        }
        int slash = path.indexOf('/');
        return slash < 0 || !SKIPPED_FOLDERS.contains(path.substring(0, slash));
    }

    List<String> pages() {
        return pages;
    }

    Path folder() {
        return folder;
    }

    boolean contains(String page) {
        return pages.contains(page);
    }

    /**
     * The smoke run's slice: the pages the questions point at, and {@code others} more spread evenly over the
     * sorted list (so every section is likely to be in it), in the corpus's order.
     */
    List<String> slice(Collection<String> wanted, int others) {
        Set<String> chosen = new LinkedHashSet<>();
        pages.stream().filter(wanted::contains).forEach(chosen::add);
        List<String> rest = pages.stream().filter(p -> !chosen.contains(p)).toList();
        int step = Math.max(1, rest.size() / Math.max(1, others));
        for (int i = 0; i < rest.size() && chosen.size() < wanted.size() + others; i += step) {
            chosen.add(rest.get(i));
        }
        return pages.stream().filter(chosen::contains).toList();
    }

    /** A page as it is sent: its title and body, the HTML itself or its main text as Markdown. */
    record Page(String path, String title, String body) {
    }

    Page read(String path, boolean html) {
        try {
            String text = Files.readString(folder.resolve(path));
            String title = title(text, path);
            return new Page(path, title, html ? text : markdown(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String title(String html, String path) {
        Matcher m = TITLE.matcher(html);
        String title = m.find() ? unescape(TITLE_SUFFIX.matcher(m.group(1).strip()).replaceAll("")).strip() : "";
        return title.isEmpty() ? path : title;
    }

    /** The main text, headings as Markdown headings: for a service that takes Markdown but not HTML. */
    static String markdown(String html) {
        Matcher main = MAIN.matcher(html);
        String body = main.find() ? main.group(1) : html;
        body = body.replaceAll("(?s)<script.*?</script>|<style.*?</style>|<a class=\"headerlink\"[^>]*>.*?</a>", "");
        body = HEADING.matcher(body).replaceAll(h -> Matcher.quoteReplacement(
                "\n\n" + "#".repeat(Integer.parseInt(h.group(1))) + " " + TAG.matcher(h.group(2)).replaceAll("").strip() + "\n\n"));
        body = BLOCK_END.matcher(body).replaceAll("\n\n");
        body = unescape(TAG.matcher(body).replaceAll(""));
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(line.stripTrailing());
        }
        return String.join("\n", lines).replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&mdash;", "—").replace("&ndash;", "–").replace("&#8212;", "—").replace("&#182;", "¶")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
