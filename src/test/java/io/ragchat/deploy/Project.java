package io.ragchat.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are: Surefire runs the tests with the module's base directory as {@code basedir}. */
final class Project {

    static final Path ROOT = locate();

    private Project() {
    }

    private static Path locate() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
