package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.vertx.core.json.JsonArray;

/**
 * {@code ./ragchat ask} against the packaged service, with authentication on and trusting the demo key the
 * script makes: a question reaches the model exactly as typed, whatever its characters, and every refusal ends
 * the command with a non-zero status and the problem's title on stderr. One service for every case; each case
 * asks as a caller of its own, so the per-caller limits of one never refuse another.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class AskCommandIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    private static Path state;
    private static LlmSimulator simulator;
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        state = Files.createTempDirectory("ragchat-ask");
        simulator = LlmSimulator.start(SimulatorProfile.instant().toBuilder().answerTokens(8).build());
        // ./ragchat token makes the demo key pair the service is told to trust.
        assertThat(ask(Map.of(), "token").status()).isZero();
        app = PackagedService.start("ask-command", simulator, Map.of(
                "ragchat.auth.enabled", "true",
                "mp.jwt.verify.publickey.location", state.resolve("jwt-public.pem").toString(),
                "mp.jwt.verify.issuer", "ragchat-demo",
                // Two questions at once per caller, then one a minute: a caller's third question is refused 429.
                "ragchat.limit.question-burst", "2",
                "ragchat.limit.questions-per-minute", "1",
                // A caller with an answer in progress is refused 503 for another.
                "ragchat.limit.streams-per-user", "1"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        simulator.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "First line,\nsecond line\n\nand a third after a blank one?",
            "Columns:\tone\ttwo",
            "Say \"quoted\" and 'single' and a back\\slash, \\n and \\u0041 as typed?",
            "What about 🦜 and 👩🏽‍💻 and ✔︎?",
            "מה זה ragchat?",
            "ما هو ragchat؟ and mixed עברית text" })
    void aQuestionReachesTheModelAsTyped(String question) throws Exception {
        Run run = ask(Map.of("RAGCHAT_TOKEN", token("typist" + Math.abs(question.hashCode()))), "ask", question);

        assertThat(run.status()).as("ask exits 0: %s", run).isZero();
        assertThat(run.stdout()).as("the answer and its sources are printed").contains("Sources:");
        String prompt = lastUserMessage();
        assertThat(prompt).as("the question the model was given").endsWith("Question: " + question);
    }

    @Test
    void theDefaultDemoTokenIsAccepted() throws Exception {
        Run run = ask(Map.of(), "ask", "What is ragchat?");

        assertThat(run.status()).as("%s", run).isZero();
        assertThat(run.stdout()).contains("conversation ").contains("Sources:");
    }

    @Test
    void aBadTokenIsRefused401() throws Exception {
        Run run = ask(Map.of("RAGCHAT_TOKEN", "not-a-token"), "ask", "Who am I?");

        assertThat(run.status()).as("%s", run).isNotZero();
        assertThat(run.stderr()).contains("HTTP 401 Unauthorized");
    }

    @Test
    void aBlankQuestionIsRefused400() throws Exception {
        Run run = ask(Map.of("RAGCHAT_TOKEN", token("blank")), "ask", " \t ");

        assertThat(run.status()).as("%s", run).isNotZero();
        assertThat(run.stderr()).contains("HTTP 400 Bad Request").contains("message: must not be blank");
    }

    @Test
    void aCallerOverTheQuestionRateIsRefused429WithItsWait() throws Exception {
        Map<String, String> flood = Map.of("RAGCHAT_TOKEN", token("flood"));
        assertThat(ask(flood, "ask", "One?").status()).isZero();
        assertThat(ask(flood, "ask", "Two?").status()).isZero();

        Run run = ask(flood, "ask", "Three?");

        assertThat(run.status()).as("%s", run).isNotZero();
        assertThat(run.stderr()).contains("HTTP 429 Too Many Requests").containsPattern("wait \\d+ s");
    }

    @Test
    void aCallerWithAnAnswerInProgressIsRefused503() throws Exception {
        String busy = token("busy");
        simulator.injectFault(Fault.stallAfterTokens(1));
        CompletableFuture<HttpResponse<InputStream>> held = null;
        try {
            held = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(app.uri("/api/chat"))
                    .header("Authorization", "Bearer " + busy).header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"Hold on?\"}")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> simulator.stats().activeStreams() == 1);

            Run run = ask(Map.of("RAGCHAT_TOKEN", busy), "ask", "And now?");

            assertThat(run.status()).as("%s", run).isNotZero();
            assertThat(run.stderr()).contains("HTTP 503 Service Unavailable").containsPattern("wait \\d+ s");
        } finally {
            simulator.clearFault();
            if (held != null) {
                held.get(30, TimeUnit.SECONDS).body().close();
            }
        }
    }

    @Test
    void anAnswerThatBreaksOffEndsWithItsProblem() throws Exception {
        simulator.injectFault(Fault.failAfterTokens(2, "the model fell over"), 1);

        Run run = ask(Map.of("RAGCHAT_TOKEN", token("broken")), "ask", "Will this finish?");

        assertThat(run.status()).as("%s", run).isNotZero();
        assertThat(run.stderr()).as("%s", run).contains("the answer broke off: ");
    }

    private static String lastUserMessage() {
        JsonArray messages = simulator.stats().lastRequest("POST /api/chat").orElseThrow().body()
                .getJsonArray("messages");
        return messages.getJsonObject(messages.size() - 1).getString("content");
    }

    private static String token(String user) throws Exception {
        Run run = ask(Map.of(), "token", "--user", user);
        assertThat(run.status()).as("%s", run).isZero();
        return run.stdout().strip();
    }

    /** Runs {@code ./ragchat ARGS} against the service with the demo's state in this test's folder. */
    private static Run ask(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(state, "out", ".txt");
        Path err = Files.createTempFile(state, "err", ".txt");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "ragchat";
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("RAGCHAT_TOKEN");
        builder.environment().put("RAGCHAT_STATE_DIR", state.toString());
        if (app != null) {
            URI root = app.uri("");
            builder.environment().put("RAGCHAT_URL", root.toString());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./ragchat " + String.join(" ", args) + " did not end within " + SCRIPT_TIMEOUT);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int status, String stdout, String stderr) {
    }
}
