package io.ragchat.web;

import java.time.Duration;

import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ExtractiveAnswerGenerator;
import io.ragchat.llm.service.GenerationEvent;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.prompt.Prompt;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The extractive answer at a model's pace: a pause before the first token (the model "thinking"), then
 * one token every {@link #TOKEN_PACE}. The extractive generator alone emits its whole answer at once,
 * which leaves nothing to watch grow and nothing to stop. The browser tests put it in the extractive
 * generator's place for each test ({@link io.ragchat.testing.SelectedGenerator}).
 */
final class PacedExtractiveGenerator implements AnswerGenerator {

    static final Duration FIRST_TOKEN_PAUSE = Duration.ofMillis(250);
    static final Duration TOKEN_PACE = Duration.ofMillis(12);

    private final ExtractiveAnswerGenerator extractive;

    PacedExtractiveGenerator(ExtractiveAnswerGenerator extractive) {
        this.extractive = extractive;
    }

    @Override
    public String provider() {
        return extractive.provider();
    }

    @Override
    public String defaultModel() {
        return extractive.defaultModel();
    }

    @Override
    public String note() {
        return extractive.note();
    }

    @Override
    public boolean hasModels() {
        return extractive.hasModels();
    }

    @Override
    public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
        boolean[] first = { true };
        return extractive.generate(prompt, route).onItem().call(event -> {
            if (!(event instanceof GenerationEvent.Token)) {
                return Uni.createFrom().voidItem();
            }
            Duration pause = first[0] ? FIRST_TOKEN_PAUSE : TOKEN_PACE;
            first[0] = false;
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause);
        });
    }

    @Override
    public Uni<Void> probe(ModelRoute route) {
        return extractive.probe(route);
    }
}
