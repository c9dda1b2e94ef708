package io.ragchat.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;

import io.ragchat.chat.config.ChatConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * Every {@code ragchat.*} property the application's {@code @ConfigMapping} interfaces declare, with its
 * {@code @WithDefault}: the one place each default lives. SmallRye Config reads the compiled mappings, so
 * property names (kebab case, nested groups, {@code name.*} for a map) come out exactly as the service reads them.
 */
public final class MappedProperties {

    private static final SortedMap<String, String> DEFAULTS = read();

    private MappedProperties() {
    }

    /** Property name to its default; the value is null for a property without one (optional, or a map). */
    public static SortedMap<String, String> defaults() {
        return DEFAULTS;
    }

    /** Whether {@code key} names a mapped property; a map's entries ({@code a.b."x"}, {@code a.b.x}) count for {@code a.b.*}. */
    public static boolean declares(String key) {
        if (DEFAULTS.containsKey(key)) {
            return true;
        }
        int dot = key.endsWith("\"") ? key.lastIndexOf(".\"") : key.lastIndexOf('.');
        return dot > 0 && DEFAULTS.containsKey(key.substring(0, dot) + ".*");
    }

    private static SortedMap<String, String> read() {
        SortedMap<String, String> properties = new TreeMap<>();
        for (AnnotationInstance mapping : index().getAnnotations(DotName.createSimple(ConfigMapping.class))) {
            ConfigClass config = ConfigClass.configClass(load(mapping.target().asClass().name().toString()));
            properties.putAll(config.getProperties());
        }
        if (properties.isEmpty()) {
            throw new IllegalStateException("no @ConfigMapping found among the application's classes");
        }
        return Collections.unmodifiableSortedMap(properties);
    }

    /**
     * The application's compiled classes (not the tests'), where every mapping lives: target/classes, or the
     * application's jar when failsafe runs the tests against the package.
     */
    private static Index index() {
        try {
            Path classes = Path.of(ChatConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(classes)) {
                return Index.of(classes.toFile());
            }
            try (Stream<Path> files = Files.walk(classes)) {
                return Index.of(files.filter(file -> file.toString().endsWith(".class")).map(Path::toFile).toArray(File[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, MappedProperties.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
