package io.ragchat.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** On Debian's cmake-doc, which ./ragchat test and ./ragchat eval install. */
class CmakeCorpusTest {

    private final CmakeCorpus corpus = CmakeCorpus.open(EvalOptions.CMAKE_HTML);

    @Test
    void pagesAreTheDocumentationPagesByTheirPathWithoutIndexSearchOrAssets() {
        assertThat(corpus.pages()).hasSizeGreaterThan(1500).contains("command/add_library.html", "index.html",
                "prop_tgt/CXX_STANDARD.html");
        assertThat(corpus.pages()).noneMatch(p -> p.startsWith("_") || p.equals("genindex.html") || p.equals("search.html"));
    }

    @Test
    void aPageIsSentAsHtmlOrAsItsMainTextWithItsOwnTitle() {
        CmakeCorpus.Page html = corpus.read("prop_tgt/CXX_STANDARD.html", true);
        assertThat(html.title()).isEqualTo("CXX_STANDARD");
        assertThat(html.body()).startsWith("\n<!DOCTYPE html>").contains("<title>");

        CmakeCorpus.Page markdown = corpus.read("prop_tgt/CXX_STANDARD.html", false);
        assertThat(markdown.body()).startsWith("# CXX_STANDARD\n").contains("The C++ standard whose features are requested")
                .doesNotContain("<", "&quot;", "Navigation", "¶");
    }

    @Test
    void theSmokeSliceHoldsTheWantedPagesAndEvenlySpreadOthers() {
        List<String> slice = corpus.slice(List.of("command/add_library.html", "variable/CMAKE_CXX_STANDARD.html"), 40);
        assertThat(slice).hasSize(42).contains("command/add_library.html", "variable/CMAKE_CXX_STANDARD.html").doesNotHaveDuplicates();
        assertThat(slice.stream().map(p -> p.contains("/") ? p.substring(0, p.indexOf('/')) : "").distinct().count())
                .isGreaterThan(5);
    }

    @Test
    void theExampleQuestionsPointAtPagesOfTheCorpus() {
        QuestionSet set = QuestionSet.load(Path.of("eval/cmake"));
        assertThat(set.questions()).isNotEmpty();
        assertThat(set.pages()).allMatch(corpus::contains, "a page of the corpus");
    }
}
