package io.ragchat.security;

/**
 * Who is asking: the tenant whose documents and conversations a request may see, and the user within it.
 * Limits and ownership are keyed on both, since the same user name may exist in two tenants.
 */
public record Caller(String tenant, String user) {

    /** The tenant everything belongs to when authentication is turned off. */
    public static final String DEFAULT_TENANT = "default";

    /** The one caller there is when authentication is turned off. */
    public static final Caller ANONYMOUS = new Caller(DEFAULT_TENANT, "anonymous");

    /** A key naming this caller alone, for maps of per-user state. */
    public String key() {
        return tenant + "/" + user;
    }
}
