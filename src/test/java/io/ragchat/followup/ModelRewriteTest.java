package io.ragchat.followup;

import static io.ragchat.followup.FollowUpConversation.FOLLOW_UP;
import static io.ragchat.followup.FollowUpConversation.firstSource;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.embedding.cache.EmbeddingCache;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.testing.RemoteServicesProfile;
import io.ragchat.testing.llm.Fault;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.RecordedRequest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Follow-ups rewritten by the model ({@code ragchat.follow-up.rewriter=model}). The simulated model answers
 * with the words of its last user message, which for a rewrite is the conversation and the follow-up, so its
 * query names the conversation's subject and differs from the rule's.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class ModelRewriteTest {

    private static final String INSTRUCTION_START = "Rewrite the user's follow-up question";

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    EmbeddingService embeddings;

    @Inject
    EmbeddingCache cache;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void freshSimulator() {
        simulator.reset();
    }

    @AfterEach
    void clearFault() {
        simulator.clearFault();
    }

    @Test
    void theModelsQueryIsWhatIsSearched() {
        FollowUpConversation corpus = new FollowUpConversation();
        String conversation = corpus.startConversation();
        assertThat(rewrites()).as("a question without a conversation is never rewritten").isEmpty();

        JsonPath followUp = corpus.ask(FOLLOW_UP, conversation);

        List<RecordedRequest> rewrites = rewrites();
        assertThat(rewrites).hasSize(1);
        String rewritten = replay(rewrites.get(0)).replaceAll("\\s+", " ").strip();
        assertThat(rewritten).isNotEqualTo(corpus.firstQuestion + "\n" + FOLLOW_UP).contains(corpus.archiver);
        assertEmbedded(rewritten);
        assertThat(firstSource(followUp)).isEqualTo(corpus.compression.toString());
        assertThat(followUp.getMap("timings")).containsKey("rewriteMs");
        JsonArray messages = simulator.stats().lastRequest("POST /api/chat").orElseThrow().body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .as("the model is asked the question as the user asked it").contains(FOLLOW_UP).doesNotContain(rewritten);
    }

    @Test
    void aRewriteThatBreaksFallsBackToTheRule() {
        FollowUpConversation corpus = new FollowUpConversation();
        String conversation = corpus.startConversation();
        double before = fallbacks("failure");
        simulator.injectFault(new Fault.FailAfterTokens(2, "model runner crashed"), 1);

        JsonPath followUp = corpus.ask(FOLLOW_UP, conversation);

        assertThat(fallbacks("failure")).isEqualTo(before + 1);
        assertEmbedded(corpus.firstQuestion + "\n" + FOLLOW_UP);
        assertThat(firstSource(followUp)).isEqualTo(corpus.compression.toString());
        assertThat(followUp.getString("answer")).isNotEmpty();
    }

    @Test
    void aRewriteThatTakesTooLongFallsBackToTheRuleAndIsStopped() {
        FollowUpConversation corpus = new FollowUpConversation();
        String conversation = corpus.startConversation();
        double before = fallbacks("timeout");
        long cancelledBefore = simulator.stats().cancelledStreams();
        simulator.injectFault(new Fault.StallAfterTokens(1), 1);

        JsonPath followUp = corpus.ask(FOLLOW_UP, conversation);

        assertThat(fallbacks("timeout")).isEqualTo(before + 1);
        assertEmbedded(corpus.firstQuestion + "\n" + FOLLOW_UP);
        assertThat(firstSource(followUp)).isEqualTo(corpus.compression.toString());
        assertThat(followUp.getString("answer")).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> simulator.stats().cancelledStreams() > cancelledBefore);
    }

    @Test
    void aQuestionThatStandsAloneCostsNoRewrite() {
        FollowUpConversation corpus = new FollowUpConversation();
        String conversation = corpus.startConversation();

        JsonPath answer = corpus.ask("How do I rotate the server's TLS certificates?", conversation);

        assertThat(rewrites()).isEmpty();
        assertThat(answer.getMap("timings")).doesNotContainKey("rewriteMs");
        assertThat(firstSource(answer)).isEqualTo(corpus.certificates.toString());
    }

    /** The rewrite requests the model got since the last reset. */
    private List<RecordedRequest> rewrites() {
        return simulator.stats().recordedRequests().stream()
                .filter(request -> request.endpoint().equals("POST /api/chat"))
                .filter(request -> request.body().getJsonArray("messages").getJsonObject(0).getString("content")
                        .startsWith(INSTRUCTION_START))
                .toList();
    }

    /** What the model answered that request: the simulated model answers the same request the same way. */
    private String replay(RecordedRequest request) {
        JsonObject body = request.body().put("stream", false);
        return new JsonObject(given().baseUri(simulator.baseUrl()).contentType(ContentType.JSON).body(body.encode())
                .post("/api/chat").then().statusCode(200).extract().asString())
                .getJsonObject("message").getString("content");
    }

    private double fallbacks(String reason) {
        Counter counter = registry.find("ragchat.follow_up.rewrite.fallbacks").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertEmbedded(String text) {
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> cache.get(embeddings.modelId(), text).await().atMost(Duration.ofSeconds(5)) != null);
    }
}
