package io.ragchat.llm.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;

/**
 * Whenever the client of a generation goes away, the model's stream is stopped, so the model server does not
 * go on writing an answer nobody reads. Here against a model that sends a first token and then goes on for as
 * long as it is not stopped, as a model writing a long answer does.
 */
@QuarkusTest
class GuardedGenerationTest {

    private static final Prompt PROMPT = new Prompt(List.of(new PromptMessage(PromptMessage.Role.user, "Why?")), List.of(), 3);
    private static final ModelRoute ROUTE = new ModelRoute(ModelRoute.FAST, "endless", 512, 0.2, 4096);

    @Inject
    GuardedGeneration guarded;

    @Test
    void aClientThatLeavesAtTheFirstTokenStopsTheModel() throws Exception {
        EndlessModel model = new EndlessModel();
        CountDownLatch firstToken = new CountDownLatch(1);

        // Cancels while the first token is being delivered: the rest of the stream has not been asked for yet.
        guarded.generate(model, PROMPT, ROUTE).subscribe().withSubscriber(new MultiSubscriber<GenerationEvent>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onItem(GenerationEvent event) {
                subscription.cancel();
                firstToken.countDown();
            }

            @Override
            public void onFailure(Throwable failure) {
            }

            @Override
            public void onCompletion() {
            }
        });

        assertThat(firstToken.await(10, TimeUnit.SECONDS)).as("the first token arrived").isTrue();
        assertThat(model.stopped.await(5, TimeUnit.SECONDS)).as("the model's stream was stopped").isTrue();
    }

    @Test
    void aClientThatLeavesMidAnswerStopsTheModel() throws Exception {
        EndlessModel model = new EndlessModel();

        guarded.generate(model, PROMPT, ROUTE).select().first(5).collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(model.stopped.await(5, TimeUnit.SECONDS)).as("the model's stream was stopped").isTrue();
    }

    /** A token at once, then one every few milliseconds until it is stopped. */
    private static final class EndlessModel implements AnswerGenerator {

        final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicInteger tokens = new AtomicInteger();

        @Override
        public String provider() {
            return "endless";
        }

        @Override
        public String defaultModel() {
            return "endless";
        }

        @Override
        public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
            return Multi.createFrom().ticks().every(Duration.ofMillis(5))
                    .map(tick -> (GenerationEvent) new GenerationEvent.Token("word" + tokens.incrementAndGet() + " "))
                    .onCancellation().invoke(stopped::countDown);
        }

        @Override
        public Uni<Void> probe(ModelRoute route) {
            return Uni.createFrom().voidItem();
        }
    }
}
