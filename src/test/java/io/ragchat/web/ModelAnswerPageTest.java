package io.ragchat.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * What a model writes, as the chat page shows it: the service streams the simulated model's answer, and
 * the page renders its Markdown while markup in it stays text that never runs.
 */
@QuarkusTest
class ModelAnswerPageTest {

    static final String ANSWER = """
            Here is **the answer**, with `inline code` and [the handbook](https://example.org/handbook).

            <img src=x onerror=window.pwned=1> and <script>window.pwned=2</script>

            - first step
            - second step

            ```js
            const x = "<b>not bold</b>";
            ```

            See [the trap](javascript:window.pwned=3) too.""";

    static Playwright playwright;
    static Browser browser;

    @InjectLlmSimulator
    LlmSimulator simulator;

    @TestHTTPResource("/")
    URL app;

    BrowserContext context;
    Page page;
    List<String> pageErrors;

    @BeforeAll
    static void launchBrowser() {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        simulator.updateProfile(p -> p.scriptedAnswer(ANSWER));
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 760));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        List<String> errors = new ArrayList<>();
        page.onPageError(errors::add);
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && !message.text().contains("favicon")) {
                errors.add(message.text());
            }
        });
        pageErrors = errors;
    }

    @AfterEach
    void closePage() {
        simulator.profile(SimulatorProfile.fast());
        if (context != null) {
            context.close();
        }
        assertThat(pageErrors).as("errors in the page").isEmpty();
    }

    @Test
    void markdownFromTheModelRendersAndMarkupInItStaysInert() {
        page.navigate(app.toString());
        page.locator("html[data-ready='true']").waitFor();
        Locator question = page.getByLabel("Your question", new Page.GetByLabelOptions().setExact(true));
        question.fill("How should the answer look?");
        question.press("Enter");
        Locator answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "done");
        assertRendered(answer.locator(".answer"));

        // The history holds the model's text as written; reloaded from it, the answer renders the same.
        String conversationId = page.url().substring(page.url().lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> messages = given().get("/api/conversations/" + conversationId + "/messages")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(messages.getLast()).containsEntry("status", "complete").containsEntry("content", ANSWER);
        });
        page.reload();
        Locator reloaded = page.locator("article.assistant").last();
        assertThat(reloaded).hasAttribute("data-state", "done");
        assertRendered(reloaded.locator(".answer"));
    }

    void assertRendered(Locator body) {
        // Markdown: emphasis, inline code, an http(s) link opening in a new tab, a list and a code block.
        assertThat(body.locator("strong")).hasText("the answer");
        assertThat(body.locator("p > code")).hasText("inline code");
        Locator link = body.locator("a[href='https://example.org/handbook']");
        assertThat(link).hasText("the handbook");
        assertThat(link).hasAttribute("target", "_blank");
        assertThat(link).hasAttribute("rel", "noopener noreferrer");
        assertThat(body.locator("ul > li")).hasText(new String[] { "first step", "second step" });
        assertThat(body.locator("pre > code.language-js")).hasText("const x = \"<b>not bold</b>\";");

        // Markup is shown as the text it is, and nothing in it runs or loads.
        assertThat(body).containsText("<img src=x onerror=window.pwned=1> and <script>window.pwned=2</script>");
        assertThat(body).containsText("[the trap](javascript:window.pwned=3)");
        assertThat(page.locator("#messages img, #messages script, #messages b, #messages [onerror]")).hasCount(0);
        assertThat(page.locator("a[href^='javascript:' i]")).hasCount(0);
        assertThat(page.evaluate("() => typeof window.pwned")).isEqualTo("undefined");
    }
}
