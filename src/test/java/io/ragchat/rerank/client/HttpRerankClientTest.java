package io.ragchat.rerank.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.rerank.config.RerankConfig.Api;
import io.ragchat.testing.rerank.InjectRerankSimulator;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.rerank.RerankSettings;
import io.ragchat.testing.rerank.RerankSimulator;

/** Cohere's API shape (also Jina's and vLLM's), against the simulator: scores come back aligned with the passages. */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class HttpRerankClientTest {

    private static final String QUESTION = "Which bird cannot fly?";
    private static final List<String> PASSAGES = List.of(
            "The kiwi is a bird that cannot fly.",
            "Swifts fly for months without landing.",
            "A bird cannot sing at night.");

    @InjectRerankSimulator
    RerankSimulator simulator;

    @BeforeEach
    void serving() {
        simulator.reset();
    }

    @Test
    void cohereScoresComeBackAlignedWithThePassages() {
        HttpRerankClient cohere = new HttpRerankClient(RerankSettings.http(simulator.baseUrl(), Api.cohere, "rerank-v3.5", "s3cret"));

        List<Double> scores = cohere.scores(QUESTION, PASSAGES, request -> {
        }).await().atMost(Duration.ofSeconds(10));

        assertThat(scores).isEqualTo(PASSAGES.stream().map(p -> simulator.score(QUESTION, p)).toList());
        assertThat(scores.get(0)).isGreaterThan(scores.get(2)).isGreaterThan(scores.get(1));
        RerankSimulator.Recorded request = simulator.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/rerank");
        assertThat(request.body().getString("model")).isEqualTo("rerank-v3.5");
        assertThat(request.body().getString("query")).isEqualTo(QUESTION);
        assertThat(request.body().getJsonArray("documents").getList()).isEqualTo(PASSAGES);
        assertThat(request.body().getInteger("top_n")).isEqualTo(PASSAGES.size());
        assertThat(request.headers()).containsEntry("authorization", "Bearer s3cret");
    }

    @Test
    void withoutAModelNoneIsSent() {
        HttpRerankClient cohere = new HttpRerankClient(RerankSettings.http(simulator.baseUrl(), Api.cohere, null, null));

        cohere.scores(QUESTION, PASSAGES, request -> {
        }).await().atMost(Duration.ofSeconds(10));

        assertThat(simulator.requests().get(0).body().containsKey("model")).isFalse();
        assertThat(simulator.requests().get(0).headers()).doesNotContainKey("authorization");
    }
}
