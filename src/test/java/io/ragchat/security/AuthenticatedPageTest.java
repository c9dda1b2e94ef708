package io.ragchat.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The chat page with authentication on: it asks for a token, takes one from its address, and uses it. */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthenticatedPageTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    static Playwright playwright;
    static Browser browser;

    @TestHTTPResource("/")
    URL app;

    @BeforeAll
    static void launchBrowser() {
        assertThat(CHROMIUM).as("Chromium (scripts/setup.sh installs it)").isExecutable();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
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

    @Test
    void withoutATokenThePageAsksForOneAndThenAnswers() {
        String tenant = "page-" + UUID.randomUUID();
        String token = TestTokens.of(tenant, "pat");
        ingest(token, "Saffron kiln schedule", "The saffron kiln in Tollgate fires pottery every second Tuesday.");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(app.toString());

            Locator signIn = page.locator("#sign-in");
            assertThat(signIn).isVisible();
            assertThat(signIn).containsText("needs a token");
            page.locator("#token").fill(token);
            page.locator("#sign-in button").click();
            assertThat(signIn).isHidden();

            ask(page, "When does the saffron kiln in Tollgate fire pottery?");
            assertThat(page.locator("article.assistant").last().locator(".source-link").first())
                    .containsText("Saffron kiln schedule");
        }
    }

    @Test
    void aTokenInTheAddressIsUsedAndRemovedFromIt() {
        String tenant = "page-" + UUID.randomUUID();
        String token = TestTokens.of(tenant, "quinn");
        ingest(token, "Indigo tram depot", "The indigo tram depot in Fenwick opens its gates at dawn.");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(app + "#token=" + token);

            ask(page, "When does the indigo tram depot in Fenwick open its gates?");
            assertThat(page.locator("#sign-in")).isHidden();
            assertThat(page.url()).doesNotContain(token);
            assertThat(page.locator("#conversations a")).hasCount(1);

            // A token that no longer works: the page says so instead of failing silently.
            page.evaluate("() => sessionStorage.setItem('ragchat.token', 'expired.or.forged')");
            page.locator("#new-chat").click();
            page.locator("#question").fill("When does the depot close?");
            page.locator("#question").press("Enter");
            assertThat(page.locator("#sign-in")).containsText("not accepted");
        }
    }

    private static void ask(Page page, String question) {
        page.locator("#question").fill(question);
        page.locator("#question").press("Enter");
        assertThat(page.locator("article.assistant").last()).hasAttribute("data-state", "done");
    }

    private static void ingest(String token, String title, String content) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("title", title, "content", content))
                .post("/api/documents").then().statusCode(201);
    }
}
