package io.ragchat.security;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the service. Bearer JWTs are verified by SmallRye JWT ({@code mp.jwt.verify.*}); API keys
 * for service callers are configured here as SHA-256 hashes, so the configuration never holds a key.
 */
@ConfigMapping(prefix = "ragchat.auth")
public interface AuthConfig {

    /** false: no credentials are read, and every caller is {@link Caller#ANONYMOUS}. */
    @WithDefault("true")
    boolean enabled();

    /** The JWT claim naming the caller's tenant; a token without it is refused. */
    @WithDefault("tenant")
    String tenantClaim();

    /** API keys by caller name: {@code <tenant>:<sha256-hex of the key>}. */
    Map<String, String> apiKeys();
}
