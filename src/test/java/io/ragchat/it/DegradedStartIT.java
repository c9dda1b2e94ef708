package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.vertx.core.json.JsonObject;

/**
 * A model server that is away while the service starts: the warm-up stops waiting for it after
 * {@code ragchat.warm-up.model-timeout}, the service reports started but degraded (the kubelet must not restart
 * a pod for a model server that is away), stays unready while the model does not answer, and turns ready
 * by itself once it does.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class DegradedStartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void startedButUnreadyUntilTheModelAnswers() throws Exception {
        try (LlmSimulator simulator = LlmSimulator.start(SimulatorProfile.fast())) {
            simulator.injectFault(new Fault.FailBeforeStream(503, "the model server is restarting"));
            try (AppProcess app = PackagedService.start("degraded-start", simulator,
                    Map.of("ragchat.warm-up.model-timeout", "2s", "ragchat.health.llm-probe-ttl", "1s"))) {
                HttpResponse<String> started = get(app.uri("/q/health/started"));
                assertThat(started.statusCode()).isEqualTo(200);
                assertThat(check(started, "warm-up").getJsonObject("data").getString("model")).startsWith("not answering");
                assertThat(get(app.uri("/q/health/ready")).statusCode()).as("unready while the model fails").isEqualTo(503);

                simulator.clearFault();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> get(app.uri("/q/health/ready")).statusCode() == 200);
            }
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject check(HttpResponse<String> health, String name) {
        return new JsonObject(health.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> name.equals(c.getString("name"))).findFirst().orElseThrow();
    }
}
