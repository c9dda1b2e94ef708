package io.ragchat.chat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * A client who leaves stops the answer's stream whichever part of it is playing, also at the moment one part
 * ends and the next begins (the model's tokens after the sources, the answer after the question's admission).
 */
class ConcatenationTest {

    @Test
    void aStreamStartedAsTheClientLeavesIsStopped() {
        Race race = new Race();

        AssertSubscriber<String> client = Concatenation.of(Multi.createFrom().items("sources", "generating"),
                race.next()).subscribe().withSubscriber(race.client());

        assertThat(client.getItems()).containsExactly("sources", "generating");
        assertThat(race.nextStarted).as("the next stream was subscribed to").isTrue();
        assertThat(race.nextStopped).as("and stopped: its client had left").isTrue();
    }

    // Why Concatenation exists: if these two start to fail, Mutiny fixed them and the class can go.
    @Test
    void mutinysOwnConcatenationLosesThatCancellation() {
        Race race = new Race();

        Multi.createBy().concatenating().streams(Multi.createFrom().items("sources", "generating"), race.next())
                .subscribe().withSubscriber(race.client());

        assertThat(race.nextStarted).isTrue();
        assertThat(race.nextStopped).isFalse();
    }

    @Test
    void aStreamStartedFromAUniAsTheClientLeavesIsStopped() {
        Race race = new Race();

        Concatenation.after(Uni.createFrom().item("accepted"), accepted -> race.next())
                .subscribe().withSubscriber(race.client());

        assertThat(race.nextStarted).as("the stream made of the item was subscribed to").isTrue();
        assertThat(race.nextStopped).as("and stopped: its client had left").isTrue();
    }

    @Test
    void mutinysOwnTransformToMultiLosesThatCancellation() {
        Race race = new Race();

        Uni.createFrom().item("accepted").onItem().transformToMulti(accepted -> race.next())
                .subscribe().withSubscriber(race.client());

        assertThat(race.nextStarted).isTrue();
        assertThat(race.nextStopped).isFalse();
    }

    @Test
    void aClientWhoLeavesMidStreamStopsIt() {
        AtomicBoolean stopped = new AtomicBoolean();
        Multi<String> endless = Multi.createFrom().emitter(emitter -> {
            emitter.onTermination(() -> stopped.set(true));
            emitter.emit("token");
        });

        AssertSubscriber<String> client = Concatenation.of(Multi.createFrom().item("sources"), endless)
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        client.awaitItems(2).cancel();

        assertThat(client.getItems()).containsExactly("sources", "token");
        assertThat(stopped).isTrue();
    }

    @Test
    void playsEveryStreamInOrder() {
        AssertSubscriber<String> client = Concatenation.of(Multi.createFrom().items("a", "b"),
                Multi.createFrom().<String> empty(), Multi.createFrom().item("c"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        client.assertCompleted().assertItems("a", "b", "c");
    }

    /**
     * The client leaves exactly while the concatenation moves on: the next stream is being subscribed to and
     * has not yet handed its subscription over. (On a server the client's cancellation comes from the event
     * loop while a worker thread moves on; here the same thread does both, at that point.)
     */
    private static final class Race {

        private final AtomicReference<Flow.Subscription> clientSubscription = new AtomicReference<>();
        private volatile boolean nextStarted;
        private volatile boolean nextStopped;

        AssertSubscriber<String> client() {
            return new AssertSubscriber<>(10, false) {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    clientSubscription.set(subscription);
                    super.onSubscribe(subscription);
                }
            };
        }

        Multi<String> next() {
            Multi<String> model = Multi.createFrom().emitter(emitter -> {
                nextStarted = true;
                emitter.onTermination(() -> nextStopped = true);
            });
            return Multi.createFrom().deferred(() -> {
                clientSubscription.get().cancel();
                return model;
            });
        }
    }
}
