package io.ragchat.limit.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ragchat.problem.ProblemException;
import io.ragchat.testing.WaitingSource;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;

/** The answer's deadline, and that whatever ends the answer first also stops its source (the model's request). */
class DeadlineTest {

    private final Vertx vertx = Vertx.vertx();
    private final WaitingSource source = new WaitingSource();

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aClientThatLeavesOnTheFirstEventStopsTheSource() {
        // The first event is emitted while the source is being subscribed to (the answer's meta event is), and
        // the client leaves on it: the source's later stages, the model's request among them, must stop too.
        Deadline deadline = deadline(Duration.ofMinutes(1));

        AssertSubscriber<String> client = deadline.around(source.firstThenWait("meta"), System.nanoTime())
                .select().first()
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        client.assertCompleted().assertItems("meta");
        assertThat(source.cancelled()).as("source cancelled").isTrue();
    }

    @Test
    void aPassedDeadlineFailsTheAnswerWith504AndStopsTheSource() {
        Deadline deadline = deadline(Duration.ofMillis(50));

        AssertSubscriber<String> client = deadline.around(source.firstThenWait("meta"), System.nanoTime())
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        client.awaitFailure(Duration.ofSeconds(10)).assertItems("meta");
        assertThat(client.getFailure()).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.toProblem().status()).isEqualTo(504));
        assertThat(source.cancelled()).as("source cancelled").isTrue();
    }

    private Deadline deadline(Duration limit) {
        return new Deadline(vertx, new LimitMetrics(new SimpleMeterRegistry()), () -> limit);
    }
}
