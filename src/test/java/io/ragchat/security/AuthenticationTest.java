package io.ragchat.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Who may call what: every endpoint but the public ones needs a valid token or API key. */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthenticationTest {

    private static final String QUESTION = "{\"message\":\"What is the returns policy?\"}";
    private static final String COMPLETION = "{\"model\":\"ragchat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi?\"}]}";

    @ParameterizedTest
    @CsvSource({
            "POST, /api/chat",
            "GET, /api/chat/stream?message=hello",
            "GET, /api/documents",
            "POST, /api/documents",
            "GET, /api/documents/00000000-0000-0000-0000-000000000001",
            "DELETE, /api/documents/00000000-0000-0000-0000-000000000001",
            "GET, /api/conversations",
            "GET, /api/conversations/00000000-0000-0000-0000-000000000001/messages",
            "GET, /api/no-such-endpoint" })
    void withoutCredentialsTheApiAnswers401AsAProblem(String method, String path) {
        problem401(given().contentType(ContentType.JSON).body(QUESTION).request(method, path).then())
                .body("detail", containsString("bearer token"));
    }

    @Test
    void withoutCredentialsTheOpenAiApiAnswers401InOpenAisShape() {
        openAi401(given().get("/v1/models").then());
        openAi401(given().contentType(ContentType.JSON).body(COMPLETION).post("/v1/chat/completions").then());
    }

    @ParameterizedTest
    @CsvSource({ "expired", "wrong issuer", "wrong signature", "no tenant", "not a JWT" })
    void refusedTokensAnswer401WithoutSayingWhy(String kind) {
        String token = switch (kind) {
            case "expired" -> TestTokens.sign(TestTokens.claims("t", "u", AuthProfile.ISSUER, Duration.ofMinutes(-10)),
                    "test-private.pem");
            case "wrong issuer" -> TestTokens.sign(TestTokens.claims("t", "u", "https://elsewhere.test/", Duration.ofHours(1)),
                    "test-private.pem");
            case "wrong signature" -> TestTokens.sign(TestTokens.claims("t", "u", AuthProfile.ISSUER, Duration.ofHours(1)),
                    "other-private.pem");
            case "no tenant" -> TestTokens.sign(TestTokens.claims(null, "u", AuthProfile.ISSUER, Duration.ofHours(1)),
                    "test-private.pem");
            default -> "not-a-token";
        };
        problem401(given().auth().oauth2(token).get("/api/documents").then())
                .body("detail", containsString("not accepted"))
                .body(not(containsString("Exception")));
        openAi401(given().auth().oauth2(token).get("/v1/models").then());
    }

    @Test
    void aValidTokenIsAccepted() {
        String token = TestTokens.of("acme-" + UUID.randomUUID(), "alice");
        given().auth().oauth2(token).get("/api/documents").then().statusCode(200);
        given().auth().oauth2(token).get("/v1/models").then().statusCode(200).body("data[0].id", is("ragchat"));
    }

    @Test
    void anApiKeyIsAcceptedInEitherHeaderAndAnUnknownOneIsNot() {
        given().header("X-API-Key", AuthProfile.API_KEY).get("/api/documents").then().statusCode(200);
        given().auth().oauth2(AuthProfile.API_KEY).get("/api/conversations").then().statusCode(200);

        problem401(given().header("X-API-Key", AuthProfile.API_KEY + "x").get("/api/documents").then())
                .body("detail", containsString("not accepted"));
        problem401(given().auth().oauth2("rck_unknown").get("/api/documents").then());
        openAi401(given().header("X-API-Key", "rck_unknown").get("/v1/models").then());
    }

    @Test
    void anApiKeyActsForItsTenant() {
        String title = "Keyed " + UUID.randomUUID();
        given().header("X-API-Key", AuthProfile.API_KEY).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\",\"content\":\"Keyed services write here.\"}")
                .post("/api/documents").then().statusCode(201);

        given().auth().oauth2(TestTokens.of(AuthProfile.API_KEY_TENANT, "someone")).get("/api/documents")
                .then().statusCode(200).body("title", hasItem(title));
        given().auth().oauth2(TestTokens.of("other-" + UUID.randomUUID(), "someone")).get("/api/documents")
                .then().statusCode(200).body("title", not(hasItem(title)));
    }

    @Test
    void twoCredentialHeadersAreRefusedWhateverTheyHold() {
        String valid = "Bearer " + TestTokens.of("acme-" + UUID.randomUUID(), "alice");
        problem401(given().header("Authorization", valid).header("Authorization", "Bearer garbage").get("/api/documents").then())
                .body("detail", containsString("not accepted"));
        problem401(given().header("Authorization", valid).header("Authorization", valid).get("/api/documents").then());
        openAi401(given().header("X-API-Key", AuthProfile.API_KEY).header("X-API-Key", "rck_unknown").get("/v1/models").then());
    }

    @ParameterizedTest
    @CsvSource({ "/q/health/live", "/q/health/started", "/q/metrics", "/", "/index.html", "/app.js", "/sse.js",
            "/markdown.js", "/webjars/markdown-it/dist/markdown-it.min.js", "/webjars/dompurify/dist/purify.es.mjs",
            "/app.css", "/favicon.svg", "/q/openapi" })
    void healthMetricsDocumentationAndThePageNeedNoCredentials(String path) {
        given().get(path).then().statusCode(200);
    }

    private static ValidatableResponse problem401(ValidatableResponse response) {
        return response.statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    private static void openAi401(ValidatableResponse response) {
        response.statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_api_key"));
    }
}
