package io.ragchat.chat.service;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.smallrye.mutiny.Multi;

/**
 * Streams one after the other, as Mutiny's concatenation plays them, except that a client who leaves always
 * stops the stream that is playing. Mutiny's concatenation (3.1) can lose a cancellation that arrives while it
 * moves from one stream to the next: it cancels the stream that just ended, then subscribes to the next one
 * anyway, which runs with nobody left to stop it (a model writing an answer no one reads, until its idle
 * timeout). Here a stream subscribed to after the whole was cancelled is cancelled at once.
 */
final class Concatenation {

    private Concatenation() {
    }

    @SafeVarargs
    static <T> Multi<T> of(Multi<T>... streams) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<Flow.Subscription> playing = new AtomicReference<>();
            List<Multi<T>> stoppable = Stream.of(streams)
                    .map(stream -> stream.onSubscription().invoke(subscription -> {
                        // This side sets playing, then reads cancelled; a cancellation sets cancelled, then reads
                        // playing: at least one of the two sees the other and stops the stream.
                        playing.set(subscription);
                        if (cancelled.get()) {
                            subscription.cancel();
                        }
                    }))
                    .toList();
            return Multi.createBy().concatenating().streams(stoppable).onCancellation().invoke(() -> {
                cancelled.set(true);
                Flow.Subscription current = playing.get();
                if (current != null) {
                    current.cancel();
                }
            });
        });
    }
}
