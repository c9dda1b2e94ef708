package io.ragchat.chat.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.database.DatabaseAvailability;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.ModelRoute;
import io.ragchat.llm.service.ModelRouter;
import io.ragchat.llm.service.Selected;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.smallrye.mutiny.Uni;

/**
 * Admits a question, valid by its request's constraints, as an exchange: its defaults filled in and its
 * model chosen. Refuses it while a status can still be sent: an unknown model (400) or a database that
 * cannot be reached (503), rather than failing inside a stream that already answered 200.
 */
@ApplicationScoped
class QuestionIntake {

    private final RetrievalConfig retrieval;
    private final ModelRouter router;
    private final DatabaseAvailability database;
    private final AnswerGenerator generator;

    QuestionIntake(RetrievalConfig retrieval, ModelRouter router, DatabaseAvailability database,
            @Selected AnswerGenerator generator) {
        this.retrieval = retrieval;
        this.router = router;
        this.database = database;
        this.generator = generator;
    }

    Uni<ChatExchange> admit(ChatCommand command) {
        String question = command.message().strip();
        int topK = command.topK() == null ? retrieval.topK() : command.topK();
        // Routed first: an unknown model is refused without waiting on the database.
        ModelRoute route = router.route(command.model(), question);
        return database.check().map(ignored -> new ChatExchange(command.caller(), command.conversationId(), question,
                topK, command.filter(), generator, route));
    }
}
