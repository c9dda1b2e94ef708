package io.ragchat.document.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * An HTML page's main content as Markdown: the first of {@code <main>}, {@code [role=main]}, {@code <article>} and
 * Sphinx's {@code div.body}, else the body without its navigation, header, footer and asides. The title is the
 * page's {@code <title>}, else its first h1.
 */
final class HtmlMainContent {

    private static final List<String> MAIN = List.of("main", "[role=main]", "article", "div.body");
    private static final String NEVER_CONTENT = "script, style, noscript, template, svg, iframe, object";
    private static final String AROUND_CONTENT = "nav, header, footer, aside";

    private HtmlMainContent() {
    }

    static ParsedDocument parse(byte[] bytes, String charset) {
        Document page;
        try {
            // jsoup honours a byte-order mark or <meta charset>, then the media type's charset, else UTF-8.
            page = Jsoup.parse(new ByteArrayInputStream(bytes), charset, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.select(NEVER_CONTENT).remove();
        Element content = main(page);
        StructureHandler structure = new StructureHandler(false);
        content.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    structure.text(text.getWholeText());
                } else if (node instanceof Element element && depth > 0) {
                    structure.start(element.normalName(), element.className());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && depth > 0) {
                    structure.end(element.normalName());
                }
            }
        });
        return new ParsedDocument(structure.finish().text(), title(page), List.of());
    }

    private static Element main(Document page) {
        for (String selector : MAIN) {
            Element main = page.selectFirst(selector);
            if (main != null) {
                return main;
            }
        }
        Element body = page.body();
        body.select(AROUND_CONTENT).remove();
        return body;
    }

    private static String title(Document page) {
        String title = MarkdownWriter.inline(page.title());
        if (title.isEmpty()) {
            Element h1 = page.selectFirst("h1");
            title = h1 == null ? "" : MarkdownWriter.inline(h1.text());
        }
        return title.isEmpty() ? null : title;
    }
}
