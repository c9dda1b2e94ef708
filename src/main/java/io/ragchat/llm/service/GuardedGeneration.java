package io.ragchat.llm.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.llm.config.LlmConfig;
import io.ragchat.prompt.Prompt;
import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Calls to the model under their fault-tolerance policies ({@link Guards#LLM}, {@link Guards#LLM_PROBE}).
 *
 * <p>
 * A generation is guarded only up to its first event: the {@code llm} guard times out the wait for it
 * (which includes loading the model) and retries a model server that was down or answered 5xx. Once a
 * token exists the user may have seen it, so the stream is never re-run; from there the only limit is
 * {@code ragchat.llm.idle-timeout} between two events, a per-item silence fault tolerance has no strategy
 * for, kept as Mutiny's {@code ifNoItem}.
 */
@ApplicationScoped
public class GuardedGeneration {

    private final LlmConfig config;

    GuardedGeneration(LlmConfig config) {
        this.config = config;
    }

    /** The generator's answer to the prompt; cancelling it stops whichever attempt is running. */
    public Multi<GenerationEvent> generate(AnswerGenerator generator, Prompt prompt, ModelRoute route) {
        Attempts attempts = new Attempts();
        // Deferred: the guard starts the first attempt as soon as it is called, which must be on subscription.
        return Uni.createFrom().deferred(() -> start(generator, prompt, route, attempts::add))
                // A timed-out attempt is abandoned, not stopped, by the guard: stop it here. (A request whose
                // response has not begun is closed by the REST client only when its headers arrive, or at its
                // read timeout, quarkus.langchain4j.ollama.timeout, which matches the llm timeout by default.)
                .onFailure().invoke(attempts::stopAll)
                .onItem().transformToMulti(started -> {
                    attempts.stopAllBut(started.upstream());
                    return Multi.createBy().concatenating().streams(Multi.createFrom().item(started.first()),
                            started.rest().ifNoItem().after(config.idleTimeout()).failWith(TimeoutException::new));
                })
                // Whenever the client leaves: before the first event, or while it is delivered, when the rest of
                // the stream has not been subscribed to yet and so cannot pass the cancellation on itself.
                .onCancellation().invoke(attempts::stopAll);
    }

    /**
     * The attempts of one generation. The guard may start an attempt after the generation was given up (the
     * client left while the model read the prompt): such an attempt is stopped the moment it registers.
     */
    private static final class Attempts {

        private final List<Cancellable> started = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        void add(Cancellable attempt) {
            started.add(attempt);
            if (stopped) {
                attempt.cancel();
            }
        }

        void stopAll() {
            stopped = true;
            started.forEach(Cancellable::cancel);
        }

        void stopAllBut(Cancellable kept) {
            started.stream().filter(attempt -> attempt != kept).forEach(Cancellable::cancel);
        }
    }

    /** One attempt, up to the first event; the guard calls this again for a retry. */
    @ApplyGuard(Guards.LLM)
    Uni<StartedGeneration> start(AnswerGenerator generator, Prompt prompt, ModelRoute route, Consumer<Cancellable> attempts) {
        return StartedGeneration.of(Multi.createFrom().deferred(() -> generator.generate(prompt, route)), attempts);
    }

    /** A one-token inference that proves the model answers, bounded by the {@code llm-probe} guard. */
    @ApplyGuard(Guards.LLM_PROBE)
    public Uni<Void> probe(AnswerGenerator generator, ModelRoute route) {
        return generator.probe(route);
    }
}
