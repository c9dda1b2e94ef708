package io.ragchat.chat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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
        assertThat(new Race().stopsTheLateStream(next -> Concatenation.of(Multi.createFrom().items("sources", "generating"),
                next))).isTrue();
    }

    @Test
    void aStreamStartedFromAUniAsTheClientLeavesIsStopped() {
        assertThat(new Race().stopsTheLateStream(next -> Concatenation.after(Uni.createFrom().item("accepted"),
                accepted -> next))).isTrue();
    }

    @Test
    void mutinyStillLosesThoseCancellations() {
        // Why Concatenation exists: once these fail, Mutiny stops the late stream itself and the class can go.
        assertThat(new Race().stopsTheLateStream(next -> Multi.createBy().concatenating()
                .streams(Multi.createFrom().items("sources", "generating"), next))).isFalse();
        assertThat(new Race().stopsTheLateStream(next -> Uni.createFrom().item("accepted").onItem()
                .transformToMulti(accepted -> next))).isFalse();
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
     * The client leaves exactly as the answer moves on to its late stream (after another stream, or after a
     * {@code Uni}'s item): the late stream is being subscribed to and has not yet handed its subscription over. (On a server the client's cancellation comes from the event
     * loop while a worker thread moves on; here the same thread does both, at that point.)
     */
    private static final class Race {

        private final AtomicReference<Flow.Subscription> clientSubscription = new AtomicReference<>();
        private volatile boolean nextStarted;
        private volatile boolean nextStopped;

        /**
         * Subscribes as a client to the stream {@code around} makes with the late stream in it, and answers
         * whether the late stream, once started, was stopped.
         */
        boolean stopsTheLateStream(Function<Multi<String>, Multi<String>> around) {
            around.apply(next()).subscribe().withSubscriber(new AssertSubscriber<String>(10, false) {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    clientSubscription.set(subscription);
                    super.onSubscribe(subscription);
                }
            });
            assertThat(nextStarted).as("the late stream was subscribed to").isTrue();
            return nextStopped;
        }

        private Multi<String> next() {
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
