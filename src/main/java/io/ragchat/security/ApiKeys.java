package io.ragchat.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The configured API keys, known only by their SHA-256 hashes. Keys are long random strings (not
 * passwords a person chose), so a dictionary attack on a leaked hash is hopeless and a fast hash is
 * enough; a slow password hash (bcrypt) would only add its cost to every request.
 */
@ApplicationScoped
public class ApiKeys {

    /** Every key starts with this, so it is told apart from a JWT in an {@code Authorization: Bearer} header. */
    public static final String PREFIX = "rck_";

    private static final Pattern ENTRY = Pattern.compile("([^:\\s]+):([0-9a-fA-F]{64})");

    private final List<Entry> entries;

    ApiKeys(AuthConfig config) {
        this.entries = parse(config.apiKeys());
    }

    /** The caller the key belongs to. Every configured hash is compared, each in constant time. */
    public Optional<Caller> find(String key) {
        byte[] hash = sha256(key);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<Entry> parse(Map<String, String> configured) {
        return configured.entrySet().stream().map(e -> {
            var matcher = ENTRY.matcher(e.getValue().strip());
            if (!matcher.matches()) {
                // The value is a hash, not a secret: naming it helps the operator and reveals nothing.
                throw new IllegalArgumentException("ragchat.auth.api-keys.\"" + e.getKey()
                        + "\" must be <tenant>:<sha256-hex>, not " + e.getValue());
            }
            return new Entry(new Caller(matcher.group(1), e.getKey()), HexFormat.of().parseHex(matcher.group(2)));
        }).toList();
    }

    private record Entry(Caller caller, byte[] hash) {
    }
}
