package io.ragchat.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The policy of every path that is not public ({@code quarkus.http.auth.permission.callers}): an
 * authenticated caller, or anyone when authentication is turned off. An anonymous request fails with
 * {@link AuthenticationFailedException} rather than being denied, so {@link AuthFailureResponses} answers it
 * with a problem document instead of Quarkus's empty challenge.
 */
@ApplicationScoped
public class CallerPolicy implements HttpSecurityPolicy {

    static final String NAME = "caller";

    private final AuthConfig config;

    CallerPolicy(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        if (!config.enabled()) {
            return CheckResult.permit();
        }
        return identity.map(caller -> {
            if (caller.isAnonymous()) {
                throw new AuthenticationFailedException(AuthFailureResponses.NO_CREDENTIALS);
            }
            return CheckResult.PERMIT;
        });
    }

    @Override
    public String name() {
        return NAME;
    }
}
