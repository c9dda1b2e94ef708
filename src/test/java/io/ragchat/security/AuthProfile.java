package io.ragchat.security;

import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Authentication on, as in production: tokens signed by the test key pair in src/test/resources/security
 * and one API key. Answers come from the extractive provider (deterministic, no model needed).
 */
public class AuthProfile implements QuarkusTestProfile {

    public static final String ISSUER = "https://login.ragchat.test/";
    /** The one configured API key; only its hash is in the configuration. */
    static final String API_KEY = "rck_test_9d2f7c41a8b34e6f90b1c5d7e3a2f4b6";
    static final String API_KEY_TENANT = "keyed";
    static final String API_KEY_NAME = "reports";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ragchat.auth.enabled", "true",
                "mp.jwt.verify.publickey.location", "security/test-public.pem",
                "mp.jwt.verify.issuer", ISSUER,
                "ragchat.auth.api-keys.\"" + API_KEY_NAME + "\"",
                API_KEY_TENANT + ":" + HexFormat.of().formatHex(ApiKeys.sha256(API_KEY)),
                "ragchat.llm.provider", "extractive");
    }
}
