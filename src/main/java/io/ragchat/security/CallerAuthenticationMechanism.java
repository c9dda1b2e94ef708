package io.ragchat.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AnonymousAuthenticationRequest;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before the JWT mechanism. With authentication turned off it answers every request as the anonymous
 * caller, so no credential is even read; otherwise it takes API keys ({@code X-API-Key}, or
 * {@code Authorization: Bearer rck_...}) and leaves every other bearer token to SmallRye JWT. A request
 * with two {@code Authorization} or two {@code X-API-Key} headers is refused whatever they hold.
 */
@ApplicationScoped
public class CallerAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";
    private static final ChallengeData CHALLENGE = new ChallengeData(401, "WWW-Authenticate", "Bearer");

    private final AuthConfig config;

    CallerAuthenticationMechanism(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!config.enabled()) {
            return identities.authenticate(AnonymousAuthenticationRequest.INSTANCE);
        }
        if (context.request().headers().getAll(API_KEY_HEADER).size() > 1
                || context.request().headers().getAll(AUTHORIZATION).size() > 1) {
            // Which one counts would be this service's guess, and a proxy in front may have checked the other.
            return Uni.createFrom().failure(new AuthenticationFailedException("More than one credential header"));
        }
        String key = apiKey(context);
        return key == null ? Uni.createFrom().nullItem() : identities.authenticate(new ApiKeyAuthenticationRequest(key));
    }

    private static String apiKey(RoutingContext context) {
        String header = context.request().getHeader(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = context.request().getHeader(AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return token.startsWith(ApiKeys.PREFIX) ? token : null;
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(CHALLENGE);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class, AnonymousAuthenticationRequest.class);
    }

    /** Ahead of SmallRye JWT's mechanism (which has the default priority). */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
