package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.testing.Lane;
import io.ragchat.testing.llm.GenerationRecord;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.RecordedRequest;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * The packaged service, watched from the moment its JVM is launched: it must not report started
 * ({@code /q/health/started}) or ready ({@code /q/health/ready}) before the warm-up has loaded and run the
 * embedding model and the chat model has been loaded on the model server and has answered; and the first
 * user's question afterwards must not pay for a model load. The simulated chat model takes
 * {@value #LOAD_SECONDS} s to load, so the window in which started must say 503 is wide; a readiness
 * request made in it waits for the model's answer (readiness runs a real inference), and must not say 200
 * before the model has answered either.
 *
 * <p>A process-level test, because a {@code @QuarkusTest} runs its tests only once the application has
 * started: it could never see the service before its warm-up was done. Order is asserted, never a
 * duration: every comparison is between instants of the same clock (this JVM runs the simulator and the
 * polling client).
 */
@ResourceLock(Lane.BENCH_DATABASE)
class WarmUpOrderIT {

    private static final int LOAD_SECONDS = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    /** One answer of a health endpoint, when it arrived; status -1 while nothing listens. */
    record Poll(String endpoint, int status, long nanos) {
    }

    @Test
    void neitherStartedNorReadyBeforeTheModelsAreLoadedAndRunAndTheFirstQuestionPaysNoLoad() throws Exception {
        BenchOptions options = BenchOptions.parse("--smoke", "--out", "target/warm-up-order");
        String model = options.small().model();
        SimulatorProfile profile = SimulatorProfile.builder().loadTime(Duration.ofSeconds(LOAD_SECONDS))
                .models(options.models()).build();
        try (LlmSimulator simulator = LlmSimulator.start(profile)) {
            Map<String, String> settings = Map.of("quarkus.langchain4j.ollama.base-url", simulator.baseUrl(),
                    "quarkus.langchain4j.ollama.chat-model.model-id", model, "ragchat.warm-up.enabled", "true");
            List<Poll> polls = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean polling = new AtomicBoolean(true);
            try (AppProcess app = AppProcess.launch("warm-up-order", options, settings, List.of())) {
                // One poller per endpoint: a readiness request made while the model loads waits for the
                // model's answer (readiness runs a real inference), while the startup check answers at once.
                List<Thread> pollers = new ArrayList<>();
                for (String endpoint : List.of("/q/health/started", "/q/health/ready")) {
                    pollers.add(Thread.ofPlatform().daemon().name("poll " + endpoint).start(() -> {
                        while (polling.get()) {
                            polls.add(poll(app, endpoint));
                            AppProcess.sleep(50);
                        }
                    }));
                }
                app.awaitStarted();
                Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> first(polls, "/q/health/ready", 200) != null);
                polling.set(false);
                for (Thread poller : pollers) {
                    poller.join(60_000);
                }

                RecordedRequest warmUp = simulator.stats().recordedRequests().stream()
                        .filter(r -> r.endpoint().equals("POST /api/chat")).findFirst().orElseThrow();
                assertThat(warmUp.body().getString("model")).isEqualTo(model);
                assertThat(warmUp.body().getString("keep_alive")).as("the model is asked to stay loaded").isEqualTo("30m");
                // The first generation of the chat model to complete (the warm-up's, or a readiness probe's that
                // shared its load): it could not end before the load did.
                long modelAnswered = simulator.stats().generations().stream()
                        .filter(g -> g.model().equals(model) && g.outcome() == GenerationRecord.Outcome.COMPLETED)
                        .mapToLong(g -> g.receivedAtNanos() + g.totalNanos()).min().orElseThrow();
                Poll started = first(polls, "/q/health/started", 200);
                Poll ready = first(polls, "/q/health/ready", 200);

                // Started said "not yet" while the model was loading; neither said "yes" before it had answered.
                assertThat(polls).as("started answered 503 while the chat model loaded")
                        .anyMatch(p -> p.endpoint().equals("/q/health/started") && p.status() == 503);
                assertThat(polls).as("never 200 from either before the model had loaded")
                        .noneMatch(p -> p.status() == 200 && p.nanos() < modelAnswered);
                assertThat(started.nanos()).isGreaterThan(modelAnswered);
                assertThat(ready.nanos()).isGreaterThan(modelAnswered);
                assertThat(simulator.stats().loadCount()).as("one load, paid by the warm-up").isEqualTo(1);

                // The embedding model ran during the warm-up, before it was declared done.
                String log = app.output();
                assertThat(log).contains("Embedding model all-minilm-l6-v2 ready in", "Warm-up done in");
                assertThat(log.indexOf("Embedding model all-minilm-l6-v2 ready in")).isLessThan(log.indexOf("Warm-up done in"));

                // The first user's question finds the model loaded.
                ChatProbe.Answer answer = new ChatProbe(app).ask("How are documents split into chunks?", null, true);
                assertThat(answer.error()).isNull();
                GenerationRecord generation = simulator.stats().generations().stream()
                        .filter(g -> g.question().contains("How are documents split into chunks?")).findFirst().orElseThrow();
                assertThat(simulator.stats().loadCount()).as("no second load").isEqualTo(1);
                // Microseconds: the model was resident, so nothing was waited for (a load would be 4 s).
                assertThat(generation.loadNanos()).as("the question waited for no load")
                        .isLessThan(Duration.ofSeconds(LOAD_SECONDS).toNanos() / 4);
            }
        }
    }

    private static Poll poll(AppProcess app, String path) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofMinutes(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Poll(path, response.statusCode(), System.nanoTime());
        } catch (IOException notListening) {
            return new Poll(path, -1, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Poll(path, -1, System.nanoTime());
        }
    }

    /** The earliest poll of {@code endpoint} that answered {@code status}, or null. */
    private static Poll first(List<Poll> polls, String endpoint, int status) {
        synchronized (polls) {
            return polls.stream().filter(p -> p.endpoint().equals(endpoint) && p.status() == status).findFirst().orElse(null);
        }
    }
}
