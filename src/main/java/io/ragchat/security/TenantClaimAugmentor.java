package io.ragchat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Reads the tenant of a JWT caller from its configured claim ({@code ragchat.auth.tenant-claim}). A token
 * without one is refused like an invalid token (401): a caller must never fall into some default tenant
 * and see its documents.
 */
@ApplicationScoped
public class TenantClaimAugmentor implements SecurityIdentityAugmentor {

    private final AuthConfig config;

    TenantClaimAugmentor(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String tenant = text(token.getClaim(config.tenantClaim()));
        if (tenant == null || tenant.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "The token has no " + config.tenantClaim() + " claim"));
        }
        if (token.getName() == null || token.getName().isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The token names no user (upn or sub)"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(CurrentCaller.TENANT_ATTRIBUTE, tenant.strip())
                .build());
    }

    private static String text(Object claim) {
        return switch (claim) {
            case JsonString json -> json.getString();
            case String string -> string;
            case null, default -> null;
        };
    }
}
