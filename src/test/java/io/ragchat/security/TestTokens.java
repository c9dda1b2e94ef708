package io.ragchat.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;

/**
 * RS256 tokens signed in the test with SmallRye JWT's builder, as an identity provider would sign them (with
 * the private halves in src/test/resources/security; the service trusts test-public.pem).
 */
public final class TestTokens {

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

    /** These claims exactly as given (an expired or foreign token too), signed with a key under /security. */
    public static String sign(JsonObject claims, String privateKeyFile) {
        return Jwt.claims(claims.getMap()).jws().algorithm(SignatureAlgorithm.RS256)
                .sign("security/" + privateKeyFile);
    }
}
