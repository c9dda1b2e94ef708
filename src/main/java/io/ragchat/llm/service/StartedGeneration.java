package io.ragchat.llm.service;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A generation that has produced its first event, split from the rest of its stream. Until that first
 * event nothing has reached the user, so the request may be timed out and retried as a whole; from then on
 * the stream is only passed on.
 */
record StartedGeneration(GenerationEvent first, Multi<GenerationEvent> rest, Cancellable upstream) {

    /**
     * Subscribes to the generation and completes with its first event; a failure or an empty stream before
     * it fails the {@code Uni}. {@code onSubscribed} receives the upstream subscription, so whoever gives up
     * on this attempt (a timeout, a cancelled request) can stop the model's work.
     */
    static Uni<StartedGeneration> of(Multi<GenerationEvent> events, Consumer<Cancellable> onSubscribed) {
        return Uni.createFrom().emitter(emitter -> {
            UnicastProcessor<GenerationEvent> rest = UnicastProcessor.create();
            AtomicBoolean started = new AtomicBoolean();
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            AtomicBoolean stopped = new AtomicBoolean();
            // Stopping may come before the subscription below exists: it is then cancelled as soon as it does.
            Cancellable cancel = () -> {
                stopped.set(true);
                Cancellable subscription = upstream.get();
                if (subscription != null) {
                    subscription.cancel();
                }
            };
            onSubscribed.accept(cancel);
            // Ends the attempt when the caller gave up before its first event (completing it sets started).
            emitter.onTermination(() -> {
                if (started.compareAndSet(false, true)) {
                    cancel.cancel();
                }
            });
            upstream.set(events.subscribe().with(event -> {
                if (started.compareAndSet(false, true)) {
                    emitter.complete(new StartedGeneration(event, rest.onCancellation().invoke(cancel::cancel), cancel));
                } else {
                    rest.onNext(event);
                }
            }, failure -> {
                if (started.compareAndSet(false, true)) {
                    emitter.fail(failure);
                } else {
                    rest.onError(failure);
                }
            }, () -> {
                if (started.compareAndSet(false, true)) {
                    emitter.fail(new GenerationException("The model ended the answer before it began"));
                } else {
                    rest.onComplete();
                }
            }));
            if (stopped.get()) {
                upstream.get().cancel();
            }
        });
    }
}
