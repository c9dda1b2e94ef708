package io.ragchat.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
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
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.llm.service.ExtractiveAnswerGenerator;
import io.ragchat.testing.SelectedGenerator;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The chat page in a real browser (Debian's Chromium through Playwright) against the running service,
 * which answers with the extractive provider at a model's pace ({@link PacedExtractiveGenerator}, in the
 * configured generator's place for each test).
 * Documents are this test's own, with words no other test uses, so a shared database does not matter.
 */
@QuarkusTest
class ChatPageTest {

    static final Path SCREENSHOTS = Paths.get("target/screenshots");

    static final String OBSERVATORY_TITLE = "Quillfeather observatory";
    static final String OBSERVATORY = """
            # Quillfeather observatory

            The Quillfeather observatory volunteers record zephyrine meteor showers by hand in a leather notebook, \
            with the brass telescope, the copper sextant and the silver chronometer. When zephyrine meteor showers \
            are strong, the Quillfeather volunteers record the colour, brightness and direction of every meteor. \
            The Quillfeather founders believed that volunteers who record every meteor by hand notice zephyrine \
            patterns a camera would miss.
            """;
    static final String OBSERVATORY_QUESTION = "How do the Quillfeather observatory volunteers record zephyrine meteor showers?";

    /** Three long sentences: an answer that streams for a few seconds, long enough to be stopped. */
    static final String CANAL_TITLE = "Brindlewick canal locks";
    static final String CANAL = """
            The Brindlewick canal lock keepers open the oak gates of the nine Brindlewick locks by hand every \
            morning, starting at the lowest lock beside the old grain mill, walking the towpath with an iron \
            windlass, a lantern, a coil of rope and a ledger, and greeting each narrowboat crew that waits below \
            the gates with a cup of tea. The Brindlewick canal lock keepers close the oak gates of the nine \
            Brindlewick locks by hand every evening, starting at the highest lock beside the reservoir, checking \
            each paddle, each chain and each balance beam, and writing the water level of every lock in the ledger \
            before the lantern is lit. The Brindlewick canal lock keepers repair the oak gates of the nine \
            Brindlewick locks every winter when the canal is drained.
            """;
    static final String CANAL_QUESTION = "How do the Brindlewick canal lock keepers open and close the oak gates of the locks?";

    /** A short answer, for the tests that only need one to finish. */
    static final String FERRY_TITLE = "Cobalt ferry timetable";
    static final String FERRY = "The cobalt ferry to Isle Murrow leaves the harbour at seven. It returns at noon.";
    static final String FERRY_QUESTION = "When does the cobalt ferry to Isle Murrow leave?";

    static final String MALICIOUS_TITLE = "Mauve narwhal protocol";
    static final String MALICIOUS = """
            The mauve narwhal protocol greets visitors with <script>window.pwned=1</script> a banner. \
            The mauve narwhal protocol shows visitors <img src=x onerror=window.pwned=1> a narwhal picture. \
            The mauve narwhal protocol sends visitors to [the narwhal handbook](javascript:window.pwned=1) for more.
            """;
    static final String MALICIOUS_QUESTION = "What does the mauve narwhal protocol show visitors?";

    static final String UPLOAD_TITLE = "Tangerine lighthouse";
    static final String UPLOAD = """
            # Tangerine lighthouse

            The keeper of the Tangerine lighthouse, Orvald Brisk, polishes the fresnel lens with walnut oil every Thursday.
            """;
    static final String UPLOAD_QUESTION = "What does the Tangerine lighthouse keeper polish the fresnel lens with?";

    static Playwright playwright;
    static Browser browser;

    @TestHTTPResource("/")
    URL app;

    @Inject
    ExtractiveAnswerGenerator extractive;

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
        SelectedGenerator.replaceForThisTest(new PacedExtractiveGenerator(extractive));
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
        if (context != null) {
            context.close();
        }
        assertThat(pageErrors).as("errors in the page").isEmpty();
    }

    // --- Scenarios ----------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void answerShowsItsStagesThenGrowsTokenByTokenWithSourcesAndTimings() {
        String documentId = ingest(OBSERVATORY_TITLE, "web-test/quillfeather.md", OBSERVATORY);
        open();
        recordAnswerMutations();

        Locator input = question();
        input.fill(OBSERVATORY_QUESTION);
        input.press("Enter");

        // The stage is waited for in the observer's record, which holds every stage shown: the status line shows
        // "generating" for a few hundred milliseconds, which a browser on a loaded machine could miss when it polled
        // once a frame (the suite failed once so). The streaming state lasts the whole answer.
        Locator answer = page.locator("article.assistant").last();
        page.waitForFunction("() => window.__answerLog.stages.includes('generating')");
        screenshot("01-thinking");
        page.waitForFunction("() => document.querySelector('article.assistant:last-of-type[data-state=streaming] .answer .cursor')");
        screenshot("02-streaming");
        assertThat(answer).hasAttribute("data-state", "done");

        // Every stage was shown, and the text grew in many steps before the answer was done.
        Map<?, ?> log = (Map<?, ?>) page.evaluate("() => window.__answerLog");
        assertThat((List<Object>) log.get("stages")).containsSubsequence("retrieving", "generating");
        List<Integer> streamed = lengthsWhile(log, "streaming");
        assertThat(streamed).as("answer lengths seen while streaming").hasSizeGreaterThanOrEqualTo(5);
        assertThat(streamed).isSorted();
        assertThat(streamed.stream().distinct().count()).isGreaterThanOrEqualTo(5);
        assertThat(lengthsWhile(log, "done")).allSatisfy(length -> assertThat(length).isGreaterThanOrEqualTo(streamed.getLast()));
        assertThat((List<Object>) log.get("cursorWhileStreaming")).containsOnly(true);
        assertThat(answer.locator(".cursor")).hasCount(0);

        // The rendered answer is the stored answer, and it quotes the document.
        String conversationId = conversationIdFromUrl();
        String stored = storedAnswer(conversationId, "complete");
        assertThat(normalized(answer.locator(".answer").textContent())).isEqualTo(normalized(stored));
        assertThat(stored).contains("zephyrine");

        // Sources link to the document; so do the [n] citations.
        Locator firstSource = answer.locator(".source-link").first();
        assertThat(firstSource).containsText(OBSERVATORY_TITLE);
        assertThat(firstSource).hasAttribute("href", "/api/documents/" + documentId + "/content");
        assertThat(answer.locator(".answer a.cite").first()).hasAttribute("href", Pattern.compile("^/api/documents/[0-9a-f-]{36}/content$"));
        assertThat(answer.locator(".answer a.cite[href='/api/documents/" + documentId + "/content']").first()).isVisible();

        // Timings are there on demand.
        Locator timings = answer.locator("details.timings");
        assertThat(timings).not().hasAttribute("open", "");
        assertThat(timings.locator("dl")).not().isVisible();
        timings.locator("summary").click();
        assertThat(timings.locator("dl")).isVisible();
        assertThat(timings.locator("dl")).containsText("First token");
        assertThat(timings.locator("dl")).containsText(Pattern.compile("Total\\s*\\d+ ms"));
        assertThat(timings.locator("dl")).containsText("extractive");
        screenshot("03-done-with-timings");

        // A source opens the document in a panel; closing it gives the focus back to the link.
        firstSource.click();
        Locator panel = page.locator("#doc-panel");
        assertThat(panel).isVisible();
        assertThat(panel.locator("h2")).hasText(OBSERVATORY_TITLE);
        assertThat(panel.locator(".doc-panel-body")).containsText("silver chronometer");
        screenshot("04-document-panel");
        page.keyboard().press("Escape");
        assertThat(panel).not().isVisible();
        assertThat(firstSource).isFocused();
    }

    @Test
    void nothingFromAMaliciousDocumentRuns() {
        String documentId = ingest(MALICIOUS_TITLE, "web-test/mauve-narwhal.md", MALICIOUS);
        open();
        ask(MALICIOUS_QUESTION);
        Locator answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "done");

        // The markup reached the page, as text.
        assertThat(answer.locator(".answer")).containsText("<script>window.pwned=1</script>");
        assertThat(answer.locator(".answer")).containsText("<img src=x onerror=window.pwned=1>");
        assertThat(answer.locator(".answer")).containsText("the narwhal handbook");
        assertThat(answer.locator(".source-link").first()).hasAttribute("href", "/api/documents/" + documentId + "/content");
        assertThat(answer.locator(".snippet").first()).containsText("<script>");

        answer.locator(".source-link").first().click();
        assertThat(page.locator("#doc-panel .doc-panel-body")).containsText("<img src=x onerror=window.pwned=1>");
        screenshot("05-malicious-document");

        assertNothingRan();
        page.keyboard().press("Escape");
        // And once more after the page is reloaded: the conversation comes back from the history.
        page.reload();
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
        assertThat(page.locator("article.assistant .answer").last()).containsText("<script>window.pwned=1</script>");
        assertNothingRan();
    }

    @Test
    void aDocumentUploadedThroughThePageCanBeAskedAbout() throws IOException {
        Path file = Paths.get("target", "web-test", "tangerine-lighthouse.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, UPLOAD);
        open();

        page.getByLabel("File (PDF, Office, HTML, Markdown or text)").setInputFiles(file);
        assertThat(page.locator("#doc-title")).hasValue("tangerine lighthouse");
        page.locator("#doc-title").fill(UPLOAD_TITLE);
        Response uploaded = page.waitForResponse(
                r -> r.url().contains("/api/documents") && "POST".equals(r.request().method()),
                () -> page.getByRole(AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Upload")).click());
        assertThat(uploaded.status()).isIn(200, 201);
        assertThat(uploaded.request().headerValue("content-type")).startsWith("text/markdown");
        String documentId = JsonPath.from(uploaded.text()).getString("id");
        assertThat(page.locator("#upload-status")).containsText(UPLOAD_TITLE);
        screenshot("06-uploaded");

        ask(UPLOAD_QUESTION);
        Locator answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "done");
        assertThat(answer.locator(".answer")).containsText("walnut oil");
        assertThat(answer.locator(".source-link").first()).containsText(UPLOAD_TITLE);
        assertThat(answer.locator(".source-link").first()).hasAttribute("href", "/api/documents/" + documentId + "/content");
        given().get("/api/documents/" + documentId + "/content").then().statusCode(200)
                .body(Matchers.containsString("Orvald Brisk"));
    }

    @Test
    void aConversationIsListedAndClickingItReloadsItsMessages() {
        ingest(OBSERVATORY_TITLE, "web-test/quillfeather.md", OBSERVATORY);
        ingest(FERRY_TITLE, "web-test/cobalt-ferry.md", FERRY);
        open();
        ask(OBSERVATORY_QUESTION);
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
        String conversationId = conversationIdFromUrl();
        String answerText = page.locator("article.assistant .answer").last().textContent();

        Locator listed = page.locator("#conversations a[data-conversation-id='" + conversationId + "']");
        assertThat(listed.locator(".conversation-title")).hasText(OBSERVATORY_QUESTION);
        assertThat(listed).hasAttribute("aria-current", "page");

        // A new chat empties the page; the listed conversation brings its messages back.
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("New chat")).click();
        assertThat(page.locator("#messages article")).hasCount(0);
        assertThat(listed).not().hasAttribute("aria-current", "page");
        // The history writer has committed it by now: the list from the server shows it as well.
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/conversations").then().extract()
                .jsonPath().getList("id").contains(conversationId));
        page.reload();
        listed.click();
        assertThat(page.locator("#messages article.user")).hasText(OBSERVATORY_QUESTION);
        Locator answer = page.locator("#messages article.assistant");
        assertThat(answer).hasCount(1);
        assertThat(answer).hasAttribute("data-state", "done");
        assertThat(answer.locator(".answer")).hasText(answerText);
        assertThat(answer.locator(".source-link").first()).containsText(OBSERVATORY_TITLE);
        answer.locator("details.timings summary").click();
        assertThat(answer.locator("details.timings dl")).containsText("Total");
        assertThat(listed).hasAttribute("aria-current", "page");
        assertThat(page).hasURL(Pattern.compile("#/c/" + conversationId + "$"));
        screenshot("07-conversation-reloaded");

        // The conversation continues where it was: a second question goes into the same conversation.
        ask(FERRY_QUESTION);
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
        assertThat(page.locator("article.assistant .answer").last()).containsText("seven");
        assertThat(page.locator("#messages article.assistant")).hasCount(2);
        assertThat(conversationIdFromUrl()).isEqualTo(conversationId);
    }

    /**
     * Stop aborts the request: the page shows the answer as stopped and takes questions again, and the
     * server, seeing the client gone, cancelled the generation (its turn is recorded as cancelled, with
     * only the part that was sent).
     */
    @Test
    void stopCancelsTheStreamingAnswer() {
        ingest(CANAL_TITLE, "web-test/brindlewick-canal.md", CANAL);
        ingest(FERRY_TITLE, "web-test/cobalt-ferry.md", FERRY);
        open();
        ask(CANAL_QUESTION);
        Locator answer = page.locator("article.assistant").last();
        Locator stop = page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Stop"));
        assertThat(stop).isFocused(); // the question field is disabled meanwhile: the focus waits on Stop
        assertThat(question()).isDisabled();
        page.waitForFunction("() => (document.querySelector('article.assistant:last-of-type .answer')"
                + "?.textContent.length ?? 0) > 20");
        stop.click();

        assertThat(answer).hasAttribute("data-state", "stopped");
        assertThat(answer.locator(".answer-end")).hasText("Stopped.");
        assertThat(answer.locator(".cursor")).hasCount(0);
        assertThat(question()).isEnabled();
        assertThat(question()).isFocused();
        assertThat(stop).isHidden();
        assertThat(page.locator("#send")).isVisible();
        String shown = answer.locator(".answer").textContent();
        page.waitForTimeout(400);
        assertThat(answer.locator(".answer").textContent()).isEqualTo(shown);
        screenshot("08-stopped");

        // Upstream: the turn was recorded as cancelled, holding what was sent before the stop, not the rest.
        String stored = storedAnswer(conversationIdFromUrl(), "cancelled");
        assertThat(normalized(stored)).startsWith(normalized(shown)).doesNotContain("highest lock beside the reservoir");

        // The page takes the next question.
        ask(FERRY_QUESTION);
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
    }

    @Test
    void worksAtPhoneWidth() {
        ingest(OBSERVATORY_TITLE, "web-test/quillfeather.md", OBSERVATORY);
        page.setViewportSize(360, 740);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK)); // the dark look, too
        open();
        assertNoHorizontalScroll();
        assertThat(page.locator("#sidebar")).isHidden();
        ask(OBSERVATORY_QUESTION);
        Locator answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "done");
        answer.locator("details.timings summary").click();
        assertNoHorizontalScroll();
        assertThat(page.locator("#question")).isInViewport();
        assertThat(page.locator("#send")).isInViewport();
        screenshot("09-phone");

        Locator menu = page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Conversations and documents"));
        menu.click();
        assertThat(menu).hasAttribute("aria-expanded", "true");
        assertThat(page.locator("#sidebar")).isVisible();
        assertThat(page.getByLabel("File (PDF, Office, HTML, Markdown or text)")).isVisible();
        assertNoHorizontalScroll();
        screenshot("10-phone-drawer");
        page.keyboard().press("Escape");
        assertThat(page.locator("#sidebar")).isHidden();
        assertThat(menu).isFocused();

        answer.locator(".source-link").first().click();
        assertThat(page.locator("#doc-panel")).isVisible();
        assertNoHorizontalScroll();
        screenshot("11-phone-document");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyboardReachesTheQuestionAndSendsWithEnter() {
        ingest(FERRY_TITLE, "web-test/cobalt-ferry.md", FERRY);
        open();
        // The first Tab reaches the skip link, which takes the focus to the question.
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip-link")).isFocused();
        assertThat(page.locator(".skip-link")).isInViewport();
        page.keyboard().press("Enter");
        assertThat(page.locator("#question")).isFocused();

        // Without it, Tab goes through the page in order (past every listed conversation) to the question and Send.
        page.evaluate("() => { document.activeElement.blur(); window.__focusOrder = [];"
                + " document.addEventListener('focusin', (e) => window.__focusOrder.push(e.target.id || e.target.tagName)); }");
        page.locator("h1").click();
        List<Object> order = List.of();
        for (int i = 0; i < 30 && !order.contains("send"); i++) {
            for (int k = 0; k < 10; k++) {
                page.keyboard().press("Tab");
            }
            order = (List<Object>) page.evaluate("() => window.__focusOrder");
        }
        assertThat(order).contains("new-chat", "doc-file", "doc-title", "upload-button", "question", "send");
        assertThat(order.indexOf("question")).isEqualTo(order.indexOf("send") - 1);
        page.locator("#question").focus();
        page.keyboard().press("Tab");
        assertThat(page.locator("#send")).isFocused();
        // The focus is visible.
        assertThat((String) page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");
        screenshot("12-keyboard-focus");

        // Shift+Enter makes a new line; Enter sends.
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#question")).isFocused();
        page.keyboard().type(FERRY_QUESTION);
        page.keyboard().press("Shift+Enter");
        page.keyboard().type("And when does it return?");
        assertThat(page.locator("#question")).hasValue(FERRY_QUESTION + "\nAnd when does it return?");
        assertThat(page.locator("#messages article")).hasCount(0);
        page.keyboard().press("Enter");
        assertThat(page.locator("#messages article.user .msg-text")).hasJSProperty("innerText",
                FERRY_QUESTION + "\nAnd when does it return?");
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
        assertThat(page.locator("#question")).isFocused();
        assertThat(page.locator("#question")).hasValue("");
    }

    /** Failures the server reports, before the stream (a status) and in it (an error event), are shown. */
    @Test
    void failuresAreShownAndTheQuestionCanBeAskedAgain() {
        open();
        page.route("**/api/chat", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(503)
                .setContentType("application/problem+json")
                .setBody("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"The <b>model</b> is loading\"}")));
        ask("Is anybody there?");
        Locator answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "error");
        assertThat(answer.locator("[role=alert]")).hasText("Service Unavailable: The <b>model</b> is loading");
        assertThat(question()).isEnabled();

        page.unrouteAll();
        page.route("**/api/chat", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200)
                .setContentType("text/event-stream")
                .setBody("event: meta\r\ndata: {\"conversationId\":\"00000000-0000-4000-8000-000000000001\","
                        + "\"messageId\":\"00000000-0000-4000-8000-000000000002\",\"provider\":\"p\",\"model\":\"m\"}\r\n\r\n"
                        + ":keep-alive\r\n\r\n"
                        + "event: status\r\ndata: {\"stage\":\"generating\"}\r\n\r\n"
                        + "event: token\r\ndata: {\"text\":\"Half an \"}\r\n\r\n"
                        + "event: token\r\ndata: {\"text\":\"answer\"}\r\n\r\n"
                        + "event: error\r\ndata: {\"type\":\"about:blank\",\"title\":\"Gateway Timeout\",\"status\":504,"
                        + "\"detail\":\"The language model stopped answering\"}\r\n\r\n")));
        ask("And now?");
        answer = page.locator("article.assistant").last();
        assertThat(answer).hasAttribute("data-state", "error");
        assertThat(answer.locator(".answer")).hasText("Half an answer");
        assertThat(answer.locator("[role=alert]")).hasText("Gateway Timeout: The language model stopped answering");
        assertThat(answer.locator(".cursor")).hasCount(0);
        assertThat(question()).isFocused();
        screenshot("13-error");
        pageErrors.removeIf(error -> error.contains("status of 503")); // the browser logs every failed request
    }

    /** markdown.js (markdown-it and DOMPurify as the page sets them up) and sse.js, in the browser that runs them. */
    @Test
    void markdownRendererAndSseParser() {
        open();
        @SuppressWarnings("unchecked")
        Map<String, Object> md = (Map<String, Object>) page.evaluate("""
                async () => {
                  const { renderMarkdown } = await import('/markdown.js');
                  // markdown-it ends each block with a newline: dropped, so that the markup reads on one line
                  const html = (text, citation) => {
                    const div = document.createElement('div');
                    div.append(renderMarkdown(text, { citation }));
                    return div.innerHTML.replace(/\\n(?=<)/g, '').trim();
                  };
                  const cite = (n) => n <= 2 ? Object.assign(document.createElement('a'),
                      { className: 'cite', href: '/src/' + n, textContent: '[' + n + ']' }) : null;
                  return {
                    headings: html('# Doc\\n## Title'),
                    emphasis: html('**bold** and *it* and _it_ and snake_case_name and `a <b> code`'),
                    link: html('[ok](https://example.org/a?b=1) [bad](javascript:alert(1)) [data](data:text/html,x) [rel](/x)'),
                    auto: html('<https://example.org> <script>x</script>'),
                    image: html('![pic](https://example.org/p.png) ![x](javascript:1)'),
                    list: html('- one\\n- two\\n  - nested\\n\\n1. first\\n2. second'),
                    fence: html('```js\\nlet a = "<b>";\\n```\\nafter'),
                    open: html('text\\n```\\nstill streaming <i>'),
                    citations: html('Yes [1], also [1, 2] but not [3] nor `[1]`.', cite),
                    html: html('<img src=x onerror=alert(1)><iframe src="https://example.org"></iframe>'),
                    quote: html('> quoted **text**'),
                  };
                }""");
        String blank = " target=\"_blank\" rel=\"noopener noreferrer\"";
        // Headings sit below the page's own h1 and h2.
        assertThat(md.get("headings")).isEqualTo("<h3 class=\"md-heading\">Doc</h3><h4 class=\"md-heading\">Title</h4>");
        assertThat(md.get("emphasis")).isEqualTo("<p><strong>bold</strong> and <em>it</em> and <em>it</em> and "
                + "snake_case_name and <code>a &lt;b&gt; code</code></p>");
        // Only http(s) links are links, opening in a new tab; any other link stays the text it was written as.
        assertThat(md.get("link")).isEqualTo("<p><a href=\"https://example.org/a?b=1\"" + blank + ">ok</a> "
                + "[bad](javascript:alert(1)) [data](data:text/html,x) [rel](/x)</p>");
        assertThat(md.get("auto")).isEqualTo("<p><a href=\"https://example.org\"" + blank + ">https://example.org</a> "
                + "&lt;script&gt;x&lt;/script&gt;</p>");
        // Images are never fetched: a link to one instead.
        assertThat(md.get("image")).isEqualTo("<p>!<a href=\"https://example.org/p.png\"" + blank + ">pic</a> "
                + "![x](javascript:1)</p>");
        assertThat(md.get("list")).isEqualTo("<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
                + "<ol><li>first</li><li>second</li></ol>");
        assertThat(md.get("fence")).isEqualTo("<pre><code class=\"language-js\">let a = \"&lt;b&gt;\";</code></pre><p>after</p>");
        assertThat(md.get("open")).isEqualTo("<p>text</p><pre><code>still streaming &lt;i&gt;</code></pre>");
        assertThat(md.get("citations")).isEqualTo("<p>Yes <a class=\"cite\" href=\"/src/1\">[1]</a>, also "
                + "<a class=\"cite\" href=\"/src/1\">[1]</a> <a class=\"cite\" href=\"/src/2\">[2]</a> but not [3] "
                + "nor <code>[1]</code>.</p>");
        assertThat(md.get("html")).isEqualTo("<p>&lt;img src=x onerror=alert(1)&gt;&lt;iframe "
                + "src=\"https://example.org\"&gt;&lt;/iframe&gt;</p>");
        assertThat(md.get("quote")).isEqualTo("<blockquote><p>quoted <strong>text</strong></p></blockquote>");

        Object events = page.evaluate("""
                async () => {
                  const { createSseParser } = await import('/sse.js');
                  const seen = [];
                  const parser = createSseParser((e) => seen.push(e.type + '=' + e.data));
                  const stream = ': keep-alive\\r\\n\\r\\nevent: meta\\r\\ndata: {"a":1}\\r\\n\\r\\n'
                      + 'event: token\\ndata: line one\\ndata: line two\\n\\n'
                      + 'data:no space\\r\\rdata: tail without end';
                  for (let i = 0; i < stream.length; i += 3) parser.push(stream.slice(i, i + 3));
                  const split = [];
                  const p2 = createSseParser((e) => split.push(e.data));
                  p2.push('data: x\\r'); p2.push('\\n\\r'); p2.push('\\n');
                  return { seen, split };
                }""");
        assertThat(events).isEqualTo(Map.of(
                "seen", List.of("meta={\"a\":1}", "token=line one\nline two", "message=no space"),
                "split", List.of("x")));
    }

    // --- Helpers ------------------------------------------------------------------------------------

    Locator question() {
        return page.getByLabel("Your question", new Page.GetByLabelOptions().setExact(true));
    }

    void open() {
        page.navigate(app.toString());
        page.locator("html[data-ready='true']").waitFor();
    }

    void ask(String question) {
        question().fill(question);
        question().press("Enter");
        assertThat(page.locator("#messages article.user").last()).hasText(question);
    }

    /** Ingests through the API; the same content under the same source again is a no-op with the same id. */
    static String ingest(String title, String source, String content) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "source", source, "content", content))
                .post("/api/documents")
                .then().statusCode(Matchers.oneOf(200, 201))
                .extract().path("id");
    }

    String conversationIdFromUrl() {
        String url = page.url();
        assertThat(url).matches(".*#/c/[0-9a-f-]{36}$");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The assistant's text as the history recorded it, once it has the expected status. */
    static String storedAnswer(String conversationId, String status) {
        String[] content = new String[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> messages = given().get("/api/conversations/" + conversationId + "/messages")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            Map<String, Object> last = messages.getLast();
            assertThat(last).containsEntry("role", "assistant").containsEntry("status", status);
            content[0] = (String) last.get("content");
        });
        return content[0];
    }

    /**
     * A MutationObserver on the messages that samples, on every change, the last answer's state, text
     * length and cursor, and collects every stage the status line showed (also ones shown for less than
     * a frame).
     */
    void recordAnswerMutations() {
        page.evaluate("""
                () => {
                  const log = window.__answerLog = { stages: [], samples: [], cursorWhileStreaming: [] };
                  const messages = document.getElementById('messages');
                  new MutationObserver((records) => {
                    for (const r of records) {
                      if (r.target.classList?.contains('stage')) r.addedNodes.forEach((n) => log.stages.push(n.textContent));
                    }
                    const answer = messages.querySelector('article.assistant:last-of-type');
                    if (!answer) return;
                    const text = answer.querySelector('.answer').textContent;
                    log.samples.push({ state: answer.dataset.state, length: text.length });
                    if (answer.dataset.state === 'streaming' && text.length > 0) {
                      log.cursorWhileStreaming.push(answer.querySelector('.answer .cursor') !== null);
                    }
                  }).observe(messages, { subtree: true, childList: true, characterData: true, attributes: true });
                }""");
    }

    @SuppressWarnings("unchecked")
    static List<Integer> lengthsWhile(Map<?, ?> log, String state) {
        return ((List<Map<String, Object>>) log.get("samples")).stream()
                .filter(sample -> state.equals(sample.get("state")))
                .map(sample -> ((Number) sample.get("length")).intValue())
                .filter(length -> length > 0)
                .toList();
    }

    void assertNothingRan() {
        assertThat(page.evaluate("() => typeof window.pwned")).isEqualTo("undefined");
        assertThat(page.locator("#messages script, #messages img, #messages iframe, #messages [onerror]")).hasCount(0);
        assertThat(page.locator("#doc-panel script, #doc-panel img, #doc-panel [onerror]")).hasCount(0);
        assertThat(page.locator("a[href^='javascript:' i]")).hasCount(0);
        // The javascript: link in the text is shown as written, not as a link.
        assertThat(page.locator("#messages .answer a", new Page.LocatorOptions().setHasText("narwhal handbook"))).hasCount(0);
    }

    void assertNoHorizontalScroll() {
        Number scrollWidth = (Number) page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(scrollWidth.intValue()).as("page width at 360 px").isLessThanOrEqualTo(360);
        Number overflowing = (Number) page.evaluate("""
                () => [...document.querySelectorAll('body *')].filter((e) => {
                  const r = e.getBoundingClientRect();
                  return r.width > 0 && r.right > document.documentElement.clientWidth + 1
                      && !e.closest('pre') && getComputedStyle(e).position !== 'fixed';
                }).length""");
        assertThat(overflowing.intValue()).as("elements sticking out to the right").isZero();
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    static String normalized(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
