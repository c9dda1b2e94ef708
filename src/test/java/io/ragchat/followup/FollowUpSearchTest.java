package io.ragchat.followup;

import static io.ragchat.followup.FollowUpConversation.FOLLOW_UP;
import static io.ragchat.followup.FollowUpConversation.firstSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.embedding.cache.EmbeddingCache;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;

/** Follow-ups searched with their conversation by the rule (the default): real database, embeddings and HTTP. */
@QuarkusTest
class FollowUpSearchTest {

    @InjectLlmSimulator
    LlmSimulator simulator;

    @Inject
    EmbeddingService embeddings;

    @Inject
    EmbeddingCache cache;

    @Test
    void aFollowUpFindsThePageOfItsConversationWhereAloneItFindsAnother() {
        FollowUpConversation corpus = new FollowUpConversation();

        JsonPath alone = corpus.ask(FOLLOW_UP, null);
        assertThat(firstSource(alone)).as("the follow-up on its own").isEqualTo(corpus.defaults.toString());

        String conversation = corpus.startConversation();
        JsonPath followUp = corpus.ask(FOLLOW_UP, conversation);

        assertThat(firstSource(followUp)).as("the follow-up in its conversation").isEqualTo(corpus.compression.toString());
        assertEmbedded(corpus.firstQuestion + "\n" + FOLLOW_UP);
        assertThat(followUp.getMap("timings")).containsKey("historyMs").doesNotContainKey("rewriteMs");
        JsonArray messages = simulator.stats().lastRequest("POST /api/chat").orElseThrow().body().getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("content"))
                .as("the model is asked the question as the user asked it")
                .contains(FOLLOW_UP).doesNotContain(corpus.archiver + " compression level control?\n" + FOLLOW_UP);
    }

    @Test
    void aQuestionThatStandsAloneIsSearchedAsAskedInAConversation() throws Exception {
        FollowUpConversation corpus = new FollowUpConversation();
        String conversation = corpus.startConversation();
        String question = "How do I rotate the server's TLS certificates?";

        JsonPath answer = corpus.ask(question, conversation);

        assertThat(firstSource(answer)).isEqualTo(corpus.certificates.toString());
        assertEmbedded(question);
        assertThat(cache.get(embeddings.modelId(), corpus.firstQuestion + "\n" + question).await().atMost(Duration.ofSeconds(5)))
                .as("not joined with the earlier question").isNull();
    }

    /** The embedding cache holds a vector for exactly this text: it is what was embedded and searched. */
    private void assertEmbedded(String text) {
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> cache.get(embeddings.modelId(), text).await().atMost(Duration.ofSeconds(5)) != null);
    }
}
