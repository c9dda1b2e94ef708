package io.ragchat.rerank.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.rerank.client.HttpRerankClient;
import io.ragchat.rerank.config.RerankConfig;
import io.ragchat.rerank.service.Reranked.Outcome;
import io.ragchat.testing.rerank.InjectRerankSimulator;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.rerank.RerankSettings;
import io.ragchat.testing.rerank.RerankSimulator;

/**
 * The reranker against a simulated text-embeddings-inference server: its scores order the candidates, and a
 * server that is down, slow or answers nonsense leaves them in their order, counted, without failing.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class RerankerTest {

    private static final String QUESTION = "Where do seals sleep?";
    private static final List<String> PASSAGES = List.of(
            "Cats purr when they are content.",
            "Seals eat fish and squid.",
            "Seals sleep floating upright in the water, where they breathe.");

    @InjectRerankSimulator
    RerankSimulator simulator;

    @Inject
    Reranker reranker;

    @Inject
    HttpRerankClient http;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void serving() {
        simulator.reset();
    }

    @Test
    void theRerankersScoresOrderTheCandidates() {
        Reranked reranked = reranker.score(QUESTION, PASSAGES).await().atMost(Duration.ofSeconds(10));

        assertThat(reranked.outcome()).isEqualTo(Outcome.scored);
        assertThat(reranked.scores()).hasValue(PASSAGES.stream().map(p -> simulator.score(QUESTION, p)).toList());
        assertThat(reranked.reorder(PASSAGES)).containsExactly(PASSAGES.get(2), PASSAGES.get(1), PASSAGES.get(0));
        RerankSimulator.Recorded request = simulator.requests().get(0);
        assertThat(request.path()).isEqualTo("/rerank");
        assertThat(request.body().getString("query")).isEqualTo(QUESTION);
        assertThat(request.body().getJsonArray("texts").getList()).isEqualTo(PASSAGES);
        assertThat(request.body().getBoolean("truncate")).isTrue();
        assertThat(request.headers()).doesNotContainKey("authorization");

        simulator.prefer("purr");
        assertThat(reranker.score(QUESTION, PASSAGES).await().atMost(Duration.ofSeconds(10)).reorder(PASSAGES))
                .containsExactly(PASSAGES.get(0), PASSAGES.get(2), PASSAGES.get(1));
    }

    @Test
    void aRerankerThatIsDownLeavesTheOrderAndIsCounted() {
        double before = fallbacks(Outcome.down);

        simulator.unavailable();
        assertFellBack(Outcome.down);
        simulator.hangUp(); // a connection closed without a reply is a reranker gone, not a confused one
        assertFellBack(Outcome.down);
        simulator.refuseConnections();
        assertFellBack(Outcome.down);

        assertThat(fallbacks(Outcome.down) - before).isEqualTo(3);
    }

    @Test
    void aSlowRerankerIsAbandonedAtTheGuardsTimeout() {
        double before = fallbacks(Outcome.timeout);
        simulator.slow(Duration.ofSeconds(60));

        // Far sooner than the reply: the guard's timeout (2 s) decides, not the server.
        assertFellBack(Outcome.timeout);

        assertThat(fallbacks(Outcome.timeout) - before).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.abandoned() == 1);
    }

    @Test
    void aMalformedAnswerLeavesTheOrderAndIsCounted() {
        double before = fallbacks(Outcome.error);
        simulator.malformed();

        assertFellBack(Outcome.error);

        assertThat(fallbacks(Outcome.error) - before).isEqualTo(1);
    }

    @Test
    void withoutARerankerNothingIsAsked() {
        Reranker off = new Reranker(RerankSettings.none(), http, registry);

        Reranked reranked = off.score(QUESTION, PASSAGES).await().atMost(Duration.ofSeconds(10));

        assertThat(off.enabled()).isFalse();
        assertThat(reranked.outcome()).isEqualTo(Outcome.off);
        assertThat(reranked.scores()).isEmpty();
        assertThat(reranked.reorder(PASSAGES)).isEqualTo(PASSAGES);
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void anHttpRerankerWithoutItsUrlRefusesToStart() {
        assertThatThrownBy(() -> new Reranker(RerankSettings.http(null, RerankConfig.Api.tei, null, null), http, registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ragchat.rerank.http.base-url");
    }

    private void assertFellBack(Outcome reason) {
        Reranked reranked = reranker.score(QUESTION, PASSAGES).await().atMost(Duration.ofSeconds(10));
        assertThat(reranked.outcome()).isEqualTo(reason);
        assertThat(reranked.scores()).isEmpty();
        assertThat(reranked.reorder(PASSAGES)).isEqualTo(PASSAGES);
    }

    private double fallbacks(Outcome reason) {
        return registry.counter("ragchat.rerank.fallbacks", "reason", reason.name()).count();
    }
}
