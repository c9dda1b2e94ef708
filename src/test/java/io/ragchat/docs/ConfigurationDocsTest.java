package io.ragchat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's configuration table is the operator's reference: it must list every key with its real default. */
class ConfigurationDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9\\-]+\\.[a-z0-9.\\-\"]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

    @Test
    void everyRagchatKeyIsDocumentedWithItsDefault() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }

        assertThat(documented).isNotEmpty();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("ragchat."))
                .forEach(key -> assertThat(documented).as("README documents " + key).containsKey(key));
        documented.forEach((key, value) -> assertThat(properties.getProperty(key))
                .as("default of " + key + " in application.properties").isEqualTo(value));
    }
}
