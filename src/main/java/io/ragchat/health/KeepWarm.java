package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.ragchat.llm.config.LlmConfig;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.vertx.core.Vertx;

/**
 * Between users, one token now and then ({@code ragchat.llm.keep-warm-interval}) keeps the model server from
 * unloading the model the warm-up loaded.
 */
@ApplicationScoped
public class KeepWarm {

    private final LlmConfig llm;
    private final Vertx vertx;
    private final AnswerGenerator generator;
    private final ModelRouter router;

    KeepWarm(LlmConfig llm, Vertx vertx, @Selected AnswerGenerator generator, ModelRouter router) {
        this.llm = llm;
        this.vertx = vertx;
        this.generator = generator;
        this.router = router;
    }

    void onStart(@Observes StartupEvent event) {
        llm.keepWarmInterval().ifPresent(interval -> vertx.setPeriodic(interval.toMillis(), id -> ask()));
    }

    private void ask() {
        generator.probe(router.fast()).subscribe().with(ignored -> {
        }, failure -> Log.debugf("Keep-warm request failed: %s", failure.getMessage()));
    }
}
