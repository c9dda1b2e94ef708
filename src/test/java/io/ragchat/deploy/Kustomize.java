package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders the kustomize overlays under deploy/k8s with whichever kustomize this machine has: a standalone
 * {@code kustomize} first, else the one built into {@code kubectl} ({@code kubectl kustomize}). Each overlay is
 * built once per test run and cached. Without either, the tests that need them fail and say what to install.
 */
final class Kustomize {

    static final Path K8S = Project.ROOT.resolve("deploy/k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final Map<String, List<JsonNode>> BUILT = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects an overlay renders to, in output order. */
    static List<JsonNode> objects(String overlay) {
        return BUILT.computeIfAbsent(overlay, o -> Manifests.readAll(build(K8S.resolve("overlays").resolve(o))));
    }

    /** The rendered YAML of a kustomization directory; fails with kustomize's own message when it cannot build. */
    static String build(Path dir) {
        // A machine without kustomize fails these tests rather than skipping them: a skipped check reads as a
        // passed one in a green build.
        List<String> command = new ArrayList<>(command().orElseThrow(() -> new AssertionError(
                "Neither `kustomize` nor `kubectl` is on PATH, so the overlays under deploy/k8s cannot be built or"
                        + " checked. Install kubectl >= 1.27 (it embeds kustomize v5) or kustomize v5, or run"
                        + " ./ragchat test, whose set-up installs kubectl.")));
        command.add(dir.toString());
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(stderr));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** How to invoke kustomize here, or empty when this machine has none. */
    static Optional<List<String>> command() {
        String explicit = System.getenv("KUSTOMIZE");
        if (explicit != null && !explicit.isBlank() && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(List.of(explicit, "build"));
        }
        return onPath("kustomize").map(k -> List.of(k.toString(), "build"))
                .or(() -> onPath("kubectl").map(k -> List.of(k.toString(), "kustomize")));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
