package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.ragchat.testing.MappedProperties;

/**
 * The application's configuration keys: the framework's as src/main/resources/application.properties declares
 * them (set, or, for keys without a default, as a commented example), and ragchat's as its config mappings do.
 */
final class AppConfig {

    private static final Pattern COMMENTED_EXAMPLE = Pattern.compile("^#([%a-z][a-z0-9.\\-\"%]*)=", Pattern.MULTILINE);

    static final Path APPLICATION_PROPERTIES = Project.ROOT.resolve("src/main/resources/application.properties");

    private AppConfig() {
    }

    /**
     * Whether the app reads {@code key}, a key as a configuration file writes it (a profile prefix, and a map
     * entry of a mapping such as {@code ragchat.auth.api-keys."reports"}, included).
     */
    static boolean declares(String key) {
        String plain = withoutProfile(key);
        return MappedProperties.declares(plain) || declaredKeys().contains(plain);
    }

    /**
     * Every key application.properties declares, without profile prefixes: {@code %prod.quarkus.x} and
     * {@code %dev,test.quarkus.x} both count as {@code quarkus.x}. Fails when the file is missing: the app's own
     * file is the reference.
     */
    private static Set<String> declaredKeys() {
        if (!Files.isRegularFile(APPLICATION_PROPERTIES)) {
            fail(Project.ROOT.relativize(APPLICATION_PROPERTIES) + " does not exist: the ConfigMap keys can only be"
                    + " checked against the application's own configuration file (written by the app team)");
        }
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
            return keysOf(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + APPLICATION_PROPERTIES, e);
        }
    }

    static Set<String> keysOf(String propertiesText) {
        try {
            return keysOf(new StringReader(propertiesText));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Properties load(String propertiesText) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(propertiesText));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    private static Set<String> keysOf(Reader reader) throws IOException {
        String text = new BufferedReader(reader).lines().collect(Collectors.joining("\n"));
        Properties properties = new Properties();
        properties.load(new StringReader(text));   // the same grammar Quarkus reads: continuations, escapes, '=' or ':'
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            keys.add(withoutProfile(key));
        }
        // A key without a default is declared as a commented example (#key=example): it exists, unset.
        Matcher example = COMMENTED_EXAMPLE.matcher(text);
        while (example.find()) {
            keys.add(withoutProfile(example.group(1)));
        }
        return keys;
    }

    /** {@code %prod.a.b} → {@code a.b}; a profile name never contains a dot. */
    static String withoutProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }
}
