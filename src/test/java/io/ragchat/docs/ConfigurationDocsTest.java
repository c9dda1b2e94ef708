package io.ragchat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.ragchat.testing.MappedProperties;

/**
 * docs/configuration.md is the operator's reference: it lists every key the service reads with the default it
 * really has (a ragchat key's lives in its config mapping, a framework key's in application.properties), and
 * nothing else. A figure the docs quote beside a key in prose is that key's default too.
 */
class ConfigurationDocsTest {

    private static final Path TABLE = Path.of("docs/configuration.md");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    /** The Kubernetes deployment's own values, which docs/deploy.md quotes as such. */
    private static final Path KUBERNETES_PROPERTIES = Path.of("deploy/k8s/base/ragchat/application.properties");

    /** A table row: | `key` | `default` or (a note when there is none) | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.\\-\"A-Z]*)` \\| ([^|]*?) \\|", Pattern.MULTILINE);
    private static final Pattern VALUE = Pattern.compile("`([^`]*)`");
    /** A map entry as the docs write it ({@code ragchat.auth.api-keys."NAME"}), as SmallRye names the map. */
    private static final Pattern MAP_ENTRY = Pattern.compile("\\.\"[A-Z]+\"$");
    /** Prose quoting a figure beside a key: `ragchat.chat.deadline` (120 s). */
    private static final Pattern FIGURE_BESIDE_KEY = Pattern.compile("`(ragchat\\.[a-z0-9.\\-]+)` \\(([^)]*\\d[^)]*)\\)");
    private static final Pattern FIGURE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(ms|seconds?|s|minutes?|min|m|hours?|h|days?|d)?\\b");
    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\{([^}]+)}$");

    @Test
    void everyMappedPropertyIsDocumentedWithItsDefault() throws IOException {
        Map<String, String> documented = table();

        MappedProperties.defaults().forEach((key, byDefault) -> {
            assertThat(documented).as(TABLE + " documents " + key).containsKey(key);
            String cell = documented.get(key);
            if (byDefault == null) {
                assertThat(cell).as(key + " has no default, so its row quotes none").doesNotContain("`");
            } else {
                assertThat(cell).as("default of " + key).isEqualTo("`" + byDefault + "`");
            }
        });
    }

    @Test
    void everyRowNamesAKeyTheServiceReadsWithItsRealDefault() throws IOException {
        Properties framework = load(APPLICATION_PROPERTIES);
        String frameworkText = Files.readString(APPLICATION_PROPERTIES);

        table().forEach((key, cell) -> {
            if (key.startsWith("ragchat.")) {
                assertThat(MappedProperties.defaults()).as(TABLE + " names " + key + ", which no config mapping has")
                        .containsKey(key);
            } else if (!framework.getProperty(key, "").isEmpty()) {
                assertThat(cell).as("value of " + key + " in " + APPLICATION_PROPERTIES)
                        .isEqualTo("`" + framework.getProperty(key) + "`");
            } else {
                assertThat(framework.containsKey(key) || frameworkText.contains("\n#" + key + "="))
                        .as(TABLE + " names " + key + ": an unset key is set empty or a commented example in "
                                + APPLICATION_PROPERTIES).isTrue();
                assertThat(cell).as(key + " is unset, so its row quotes no default").doesNotContain("`");
            }
        });
    }

    @Test
    void aFigureQuotedBesideAKeyIsItsDefault() throws IOException {
        Properties kubernetes = load(KUBERNETES_PROPERTIES);
        List<Path> docs;
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            docs = Stream.concat(Stream.of(Path.of("README.md")), files.filter(f -> f.toString().endsWith(".md"))).toList();
        }
        int checked = 0;
        for (Path doc : docs) {
            Matcher quote = FIGURE_BESIDE_KEY.matcher(Files.readString(doc));
            while (quote.find()) {
                String key = quote.group(1);
                assertThat(MappedProperties.defaults()).as(doc + " quotes " + key + ", which no config mapping has")
                        .containsKey(key);
                Matcher figure = FIGURE.matcher(quote.group(2));
                assertThat(figure.find()).isTrue();
                String byDefault = resolvedDefault(key);
                boolean deployment = doc.endsWith("deploy.md") && kubernetes.containsKey(key);
                String expected = deployment ? kubernetes.getProperty(key) : byDefault;
                assertThat(sameFigure(figure, expected))
                        .as(doc + " quotes " + key + " as \"" + quote.group(2) + "\", but it is " + expected
                                + (deployment ? " in " + KUBERNETES_PROPERTIES : " by default"))
                        .isTrue();
                checked++;
            }
        }
        assertThat(checked).as("figures quoted beside keys").isPositive();
    }

    /** The docs' table rows, by key; a map entry's row stands for the map ({@code name.*}). */
    private static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(TABLE));
        while (row.find()) {
            String key = MAP_ENTRY.matcher(row.group(1)).replaceFirst(".*");
            assertThat(rows).as(TABLE + " lists " + key + " once").doesNotContainKey(key);
            rows.put(key, row.group(2).strip());
        }
        assertThat(rows).as(TABLE + " has a configuration table").isNotEmpty();
        return rows;
    }

    private static String resolvedDefault(String key) {
        String value = MappedProperties.defaults().get(key);
        Matcher expression = value == null ? null : EXPRESSION.matcher(value);
        return expression != null && expression.matches() ? resolvedDefault(expression.group(1)) : value;
    }

    /** "120 s" and 120s, "5 minutes" and 5m, "64" and 64 are the same figure. */
    private static boolean sameFigure(Matcher figure, String value) {
        if (value == null) {
            return false;
        }
        String unit = figure.group(2);
        if (unit == null) {
            return value.matches("-?\\d+(\\.\\d+)?") && new BigDecimal(figure.group(1)).compareTo(new BigDecimal(value)) == 0;
        }
        String suffix = unit.startsWith("ms") ? "ms" : unit.startsWith("mi") ? "m" : unit.substring(0, 1);
        Duration quoted = DurationConverter.parseDuration(figure.group(1) + suffix);
        return quoted.equals(DurationConverter.parseDuration(value));
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
