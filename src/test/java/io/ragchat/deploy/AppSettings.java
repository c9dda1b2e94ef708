package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

import io.ragchat.testing.MappedProperties;

/**
 * The values the app runs with in a cluster: its config mappings' defaults, overridden by its own
 * application.properties, overridden by the mounted config/application.properties, as Quarkus layers them. Lets the manifests' timings be checked against the
 * code's instead of against numbers copied into the tests.
 */
final class AppSettings {

    private final Properties effective;

    private AppSettings(Properties effective) {
        this.effective = effective;
    }

    static AppSettings of(Properties mounted) {
        Properties effective = new Properties();
        MappedProperties.defaults().forEach((key, value) -> {
            if (value != null) {
                effective.setProperty(key, value);
            }
        });
        try {
            effective.putAll(AppConfig.load(Files.readString(AppConfig.APPLICATION_PROPERTIES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        effective.putAll(mounted);
        return new AppSettings(effective);
    }

    String value(String key) {
        String value = effective.getProperty(key);
        assertNotNull(value, key + " is set neither by the app nor by the mounted configuration");
        return value.strip();
    }

    /** A duration setting in whole seconds, written as Quarkus reads it (500ms, 120s, 5m, 2h, 1d, PT30S, or seconds). */
    long seconds(String key) {
        String value = value(key);
        if (value.matches("\\d+")) {
            return Long.parseLong(value);
        }
        if (value.endsWith("ms")) {
            return Long.parseLong(value.substring(0, value.length() - 2)) / 1000;
        }
        if (value.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1))).toSeconds();
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value).toSeconds();
        }
        return Duration.parse("PT" + value.toUpperCase()).toSeconds();
    }
}
