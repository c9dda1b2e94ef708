package io.ragchat.chat.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ragchat.testing.ChatSettings;
import io.ragchat.testing.WaitingSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;

/** Keep-alive comments while the source is silent, and a client that leaves stops the source. */
class KeepAliveTest {

    private final Vertx vertx = Vertx.vertx();
    private final WaitingSource source = new WaitingSource();

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aSilentSourceGetsCommentsAndThenItsItems() {
        KeepAlive keepAlive = keepAlive(Duration.ofMillis(40));
        Multi<String> slowModel = Multi.createBy().concatenating().streams(Multi.createFrom().item("meta"),
                Uni.createFrom().item("token").onItem().delayIt().by(Duration.ofMillis(300)).toMulti());

        AssertSubscriber<String> client = keepAlive.around(slowModel, ":keep-alive")
                .subscribe().withSubscriber(AssertSubscriber.create(100));

        client.awaitCompletion(Duration.ofSeconds(10));
        assertThat(client.getItems()).first().isEqualTo("meta");
        assertThat(client.getItems()).contains(":keep-alive").last().isEqualTo("token");
    }

    @Test
    void aQuestionRefusedBeforeItsFirstEventGetsNoComment() {
        KeepAlive keepAlive = keepAlive(Duration.ofMillis(40));
        Multi<String> refusedLate = Uni.createFrom().<String>failure(new IllegalStateException("no database connection"))
                .onFailure().call(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(300)))
                .toMulti();

        AssertSubscriber<String> client = keepAlive.around(refusedLate, ":keep-alive")
                .subscribe().withSubscriber(AssertSubscriber.create(100));

        client.awaitFailure(Duration.ofSeconds(10));
        assertThat(client.getItems()).as("nothing that would commit the response before it is refused").isEmpty();
    }

    @Test
    void aClientThatLeavesOnTheFirstEventStopsTheSource() {
        KeepAlive keepAlive = keepAlive(Duration.ofSeconds(10));

        AssertSubscriber<String> client = keepAlive.around(source.firstThenWait("meta"), ":keep-alive")
                .select().first()
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        client.assertCompleted().assertItems("meta");

        assertThat(source.cancelled()).as("source cancelled").isTrue();
    }

    private KeepAlive keepAlive(Duration interval) {
        return new KeepAlive(vertx, ChatSettings.defaults().withKeepAliveInterval(interval));
    }
}
