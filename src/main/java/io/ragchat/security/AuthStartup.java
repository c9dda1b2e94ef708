package io.ragchat.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Says at start how callers are authenticated, loudly when they are not; refuses to start with a public key
 * file that is not there (SmallRye JWT reads it at the first request, and would then fail every request).
 */
@ApplicationScoped
public class AuthStartup {

    void report(@Observes StartupEvent event, AuthConfig config, ApiKeys keys,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> inlineKey) {
        if (!config.enabled()) {
            Log.warnf("Authentication is OFF (ragchat.auth.enabled=false): every caller is the one anonymous user"
                    + " of tenant \"%s\" and sees all of its documents and conversations", Caller.DEFAULT_TENANT);
            return;
        }
        publicKey.ifPresent(AuthStartup::checkReadable);
        boolean jwt = publicKey.isPresent() || inlineKey.isPresent();
        if (!jwt && keys.isEmpty()) {
            Log.warn("Authentication is on but no caller can authenticate: set mp.jwt.verify.publickey.location"
                    + " and mp.jwt.verify.issuer, or ragchat.auth.api-keys (see docs/security.md)");
        } else {
            Log.infof("Authentication is on: %s%s", jwt ? "bearer JWTs" : "no JWTs (no public key)",
                    keys.isEmpty() ? "" : ", API keys");
        }
    }

    private static void checkReadable(String location) {
        if (location.contains("://") && !location.startsWith("file:")) {
            return; // a URL (a JWK set endpoint): fetched when needed
        }
        String path = location.replaceFirst("^(file|classpath):", "");
        boolean found = Files.isReadable(Path.of(path))
                || Thread.currentThread().getContextClassLoader().getResource(path.replaceFirst("^/", "")) != null;
        if (!found) {
            throw new IllegalStateException("mp.jwt.verify.publickey.location=" + location
                    + " names no readable file or class-path resource");
        }
    }
}
