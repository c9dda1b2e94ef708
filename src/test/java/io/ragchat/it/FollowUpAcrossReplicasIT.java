package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.StreamedAnswer;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;
import io.vertx.core.json.JsonObject;

/**
 * Two replicas on one database, configured as deploy/k8s configures them
 * ({@code ragchat.history.write-before-answer=true}): a follow-up that reaches the other replica the moment
 * an answer's {@code done} event arrives finds the conversation and sends the model that answer, with no
 * session affinity.
 */
@ResourceLock(value = Lane.TEST_DATABASE, mode = ResourceAccessMode.READ)
class FollowUpAcrossReplicasIT {

    private static final Map<String, String> AS_IN_KUBERNETES = Map.of("ragchat.history.write-before-answer", "true");

    private static LlmSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = LlmSimulator.start(SimulatorProfile.fast());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.stop();
    }

    @Test
    void aFollowUpOnAnotherReplicaSeesTheTurnJustAnswered() {
        try (AppProcess first = PackagedService.start("replica-a", simulator, AS_IN_KUBERNETES);
                AppProcess second = PackagedService.start("replica-b", simulator, AS_IN_KUBERNETES)) {
            for (int turn = 0; turn < 5; turn++) {
                String question = "Which replica answers question " + turn + " " + UUID.randomUUID() + "?";
                StreamedAnswer answer = StreamedAnswer.of(SseClient.post(first.uri("/api/chat"),
                        new JsonObject().put("message", question).encode()));
                assertThat(answer.done()).isTrue();

                StreamedAnswer followUp = StreamedAnswer.of(SseClient.post(second.uri("/api/chat"), new JsonObject()
                        .put("message", "And why is that?").put("conversationId", answer.conversationId().toString())
                        .encode()));

                assertThat(followUp.done()).as("the other replica knows the conversation").isTrue();
                String prompt = simulator.stats().lastRequest("POST /api/chat").orElseThrow().body().encode();
                assertThat(prompt).as("the follow-up's prompt holds the turn answered on the first replica")
                        .contains(question).contains(new JsonObject().put("t", answer.text().strip()).encode()
                                .replaceAll("^\\{\"t\":\"|\"}$", ""));
            }
        }
    }
}
