package io.ragchat.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, read from its security identity. Resources read it once and pass
 * the {@link Caller} on, so nothing downstream depends on a request scope that async stages may outlive.
 */
@RequestScoped
public class CurrentCaller {

    /** The identity attribute naming the caller's tenant. */
    public static final String TENANT_ATTRIBUTE = "ragchat.tenant";

    private final SecurityIdentity identity;

    CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        if (identity.isAnonymous()) {
            return Caller.ANONYMOUS;
        }
        String tenant = identity.getAttribute(TENANT_ATTRIBUTE);
        return new Caller(tenant == null ? Caller.DEFAULT_TENANT : tenant, identity.getPrincipal().getName());
    }
}
