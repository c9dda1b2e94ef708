package io.ragchat.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * RS256 tokens signed in the test, as an identity provider would sign them (with the private halves in
 * src/test/resources/security; the service trusts test-public.pem).
 */
public final class TestTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /** A valid token for this user of this tenant, for an hour. */
    public static String of(String tenant, String user) {
        return sign(claims(tenant, user, AuthProfile.ISSUER, Duration.ofHours(1)), "test-private.pem");
    }

    public static JsonObject claims(String tenant, String user, String issuer, Duration ttl) {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = new JsonObject().put("iss", issuer).put("sub", user).put("upn", user)
                .put("iat", now - 60).put("exp", now + ttl.toSeconds()).put("jti", UUID.randomUUID().toString());
        return tenant == null ? claims : claims.put("tenant", tenant);
    }

    public static String sign(JsonObject claims, String privateKeyFile) {
        String header = URL.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT").encode()
                .getBytes(StandardCharsets.UTF_8));
        String payload = URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(privateKeyFile));
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String file) throws GeneralSecurityException {
        try (InputStream in = TestTokens.class.getResourceAsStream("/security/" + file)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
