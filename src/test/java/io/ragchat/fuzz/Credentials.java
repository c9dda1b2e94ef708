package io.ragchat.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.ragchat.fuzz.FuzzRequest.Header;
import io.ragchat.security.AuthProfile;
import io.ragchat.security.TestTokens;

/**
 * Who the fuzzer's requests say they are. The service runs with authentication on, as in production,
 * trusting the test key pair's public half and one API key. Most requests carry a valid bearer token, some
 * the API key (in {@code X-API-Key} or as a bearer token), the rest credentials the service must refuse:
 * none, malformed, expired, from another issuer, signed by another key, without a tenant, an unknown key,
 * other schemes, huge values, or two {@code Authorization} headers.
 */
final class Credentials {

    static final String TENANT = "fuzz";
    private static final String USER = "fuzzer";
    private static final String PRIVATE_KEY = "test-private.pem";
    private static final Path PUBLIC_KEY = Path.of("src/test/resources/security/test-public.pem");
    private static final String API_KEY = "rck_" + UUID.randomUUID().toString().replace("-", "");
    private static final String TOKEN = TestTokens.of(TENANT, USER);

    private Credentials() {
    }

    /** The service's configuration: who it trusts. */
    static Map<String, String> serviceSettings() {
        return Map.of(
                "ragchat.auth.enabled", "true",
                "mp.jwt.verify.publickey.location", PUBLIC_KEY.toAbsolutePath().toString(),
                "mp.jwt.verify.issuer", AuthProfile.ISSUER,
                "ragchat.auth.api-keys.\"fuzz-service\"", TENANT + ":" + sha256Hex(API_KEY));
    }

    /** The request as the valid token's caller sends it. */
    static FuzzRequest asCaller(FuzzRequest request) {
        return request.header("Authorization", "Bearer " + TOKEN);
    }

    /** Mostly valid credentials (a token, or the API key), a quarter of the time ones the service must refuse. */
    static Gen<List<Header>> any() {
        return Gen.frequency(
                Gen.weight(7, Gen.just(List.of(new Header("Authorization", "Bearer " + TOKEN)))),
                Gen.weight(1, Gen.of(List.of(new Header("X-API-Key", API_KEY)),
                        List.of(new Header("Authorization", "Bearer " + API_KEY)))),
                Gen.weight(3, refused()));
    }

    /**
     * Whether the request presents exactly one valid credential. Anything else (two of them, a valid one
     * beside a refused one) the service must refuse on every path that is not public.
     */
    static boolean areValid(FuzzRequest request) {
        List<String> authorization = request.values("Authorization");
        List<String> keys = request.values("X-API-Key");
        if (keys.isEmpty() && authorization.size() == 1) {
            return authorization.getFirst().equals("Bearer " + TOKEN) || authorization.getFirst().equals("Bearer " + API_KEY);
        }
        return authorization.isEmpty() && keys.size() == 1 && keys.getFirst().equals(API_KEY);
    }

    private static Gen<List<Header>> refused() {
        String valid = "Bearer " + TOKEN;
        Gen<List<Header>> authorization = Gen.of(
                "", "Bearer", "Bearer ", "Bearer abc.def.ghi", "Bearer " + TOKEN.substring(0, TOKEN.length() - 5),
                "Bearer " + TOKEN + "x", TOKEN, "Token " + TOKEN, "Bearer " + "a".repeat(6000), "Bearer " + "a".repeat(20_000),
                "Bearer " + token(TENANT, AuthProfile.ISSUER, Duration.ofMinutes(-10), PRIVATE_KEY),
                "Bearer " + token(TENANT, "https://elsewhere.test/", Duration.ofHours(1), PRIVATE_KEY),
                "Bearer " + token(TENANT, AuthProfile.ISSUER, Duration.ofHours(1), "other-private.pem"),
                "Bearer " + token(null, AuthProfile.ISSUER, Duration.ofHours(1), PRIVATE_KEY),
                "Bearer " + token("", AuthProfile.ISSUER, Duration.ofHours(1), PRIVATE_KEY),
                "Bearer " + unsigned(), "Bearer " + withOtherTenant(), "Bearer rck_" + UUID.randomUUID(), "Bearer rck_",
                "Basic Zm9vOmJhcg==", "Basic !!!", "Negotiate abc", "Digest username=\"x\"", "ApiKey " + API_KEY,
                "Bearer\t" + "x", "Bearer ☃", "Bearer " + API_KEY.toUpperCase(Locale.ROOT))
                .map(value -> List.of(new Header("Authorization", value)));
        Gen<List<Header>> apiKey = Gen.of("rck_" + UUID.randomUUID(), "rck_", "x", TOKEN,
                API_KEY.substring(0, API_KEY.length() - 1), API_KEY + API_KEY)
                .map(value -> List.of(new Header("X-API-Key", value)));
        Gen<List<Header>> twice = Gen.of(
                List.of(new Header("Authorization", valid), new Header("Authorization", "Bearer garbage")),
                List.of(new Header("Authorization", "Bearer garbage"), new Header("Authorization", valid)),
                List.of(new Header("Authorization", valid), new Header("Authorization", valid)),
                List.of(new Header("X-API-Key", API_KEY), new Header("X-API-Key", "rck_unknown")),
                List.of(new Header("Authorization", valid), new Header("X-API-Key", "rck_unknown")));
        return Gen.frequency(Gen.weight(2, Gen.just(List.<Header>of())), Gen.weight(6, authorization), Gen.weight(2, apiKey),
                Gen.weight(2, twice));
    }

    private static String token(String tenant, String issuer, Duration ttl, String privateKey) {
        return TestTokens.sign(TestTokens.claims(tenant, USER, issuer, ttl), privateKey);
    }

    /** A valid token's claims under {@code "alg":"none"}, without a signature. */
    private static String unsigned() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + TOKEN.split("\\.")[1] + ".";
    }

    /** The valid token with its tenant changed and its signature kept. */
    private static String withOtherTenant() {
        String[] parts = TOKEN.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tenant\":\"" + TENANT + "\"", "\"tenant\":\"other\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
