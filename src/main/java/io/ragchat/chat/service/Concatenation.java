package io.ragchat.chat.service;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Streams one after the other, as Mutiny plays them, except that a client who leaves always stops the stream
 * that is playing. Mutiny (3.1) can lose a cancellation that arrives while it moves from one stage to the
 * next, in a concatenation of streams as after a {@code Uni} turned into a stream: it stops the stage that
 * just ended, then subscribes to the next one anyway, which runs with nobody left to stop it (a model writing
 * an answer no one reads, until its idle timeout). Here a stream subscribed to after the whole was cancelled
 * is cancelled at once.
 */
final class Concatenation {

    private Concatenation() {
    }

    /** The streams, one after the other. */
    @SafeVarargs
    static <T> Multi<T> of(Multi<T>... streams) {
        return Multi.createFrom().deferred(() -> {
            Stopper stopper = new Stopper();
            return stopper.stopsWhenCancelled(
                    Multi.createBy().concatenating().streams(Stream.of(streams).map(stopper::watch).toList()));
        });
    }

    /** The stream {@code next} makes of {@code first}'s item. */
    static <A, T> Multi<T> after(Uni<A> first, Function<A, Multi<T>> next) {
        return Multi.createFrom().deferred(() -> {
            Stopper stopper = new Stopper();
            return stopper.stopsWhenCancelled(first.onItem().transformToMulti(item -> stopper.watch(next.apply(item))));
        });
    }

    /** Stops the stream playing when the whole is cancelled, including one that starts just after. */
    private static final class Stopper {

        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicReference<Flow.Subscription> playing = new AtomicReference<>();

        <T> Multi<T> watch(Multi<T> stream) {
            return stream.onSubscription().invoke(subscription -> {
                // This side sets playing, then reads cancelled; a cancellation sets cancelled, then reads playing:
                // at least one of the two sees the other and stops the stream.
                playing.set(subscription);
                if (cancelled.get()) {
                    subscription.cancel();
                }
            });
        }

        <T> Multi<T> stopsWhenCancelled(Multi<T> whole) {
            return whole.onCancellation().invoke(() -> {
                cancelled.set(true);
                Flow.Subscription current = playing.get();
                if (current != null) {
                    current.cancel();
                }
            });
        }
    }
}
