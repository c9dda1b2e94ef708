package io.ragchat.chat.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragchat.history.config.HistoryConfig;
import io.ragchat.history.service.HistoryWriter;
import io.ragchat.history.service.Turn;
import io.ragchat.metrics.StageMetrics;
import io.ragchat.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * What stays of an answer once it has streamed: the turn handed to the history writer however the stream
 * ended (or committed before {@code done} where a follow-up may reach another replica at once), the
 * answer's figures in the metrics, and one log line.
 */
@ApplicationScoped
class AnswerRecorder {

    private final HistoryWriter writer;
    private final HistoryConfig history;
    private final ChatMetrics metrics;
    private final StageMetrics stages;

    AnswerRecorder(HistoryWriter writer, HistoryConfig history, ChatMetrics metrics, StageMetrics stages) {
        this.writer = writer;
        this.history = history;
        this.metrics = metrics;
        this.stages = stages;
    }

    /** The stream opened: a follow-up arriving meanwhile waits for this answer's turn. */
    void opened(ChatExchange exchange) {
        metrics.streamOpened();
        writer.answerStarted(exchange.conversationId(), exchange.caller());
    }

    /** The {@code done} event, once the turn is committed when {@code ragchat.history.write-before-answer} asks. */
    Uni<ChatEvent> done(ChatExchange exchange) {
        if (!history.writeBeforeAnswer()) {
            return Uni.createFrom().item(exchange.done());
        }
        return writer.writeNow(exchange.toTurn(false)).invoke(exchange::written).map(ignored -> exchange.done());
    }

    /** The stream ended, complete, cancelled by the client or failed. */
    void closed(ChatExchange exchange, boolean cancelled) {
        metrics.streamClosed();
        Turn turn = exchange.toTurn(cancelled);
        if (!exchange.isWritten()) {
            writer.submit(turn, exchange.traceContext());
        }
        writer.answerEnded(exchange.conversationId());
        record(exchange, "total", System.nanoTime() - exchange.startNanos());
        if (exchange.firstTokenNanos() > 0) {
            record(exchange, "first_token", exchange.firstTokenNanos());
        }
        Long llmMs = turn.timings().get("llmMs");
        if (llmMs != null) {
            record(exchange, "llm_total", llmMs * 1_000_000);
        }
        Integer completion = turn.usage().get("completionTokens");
        if (turn.status() == Turn.Status.complete && completion != null && llmMs != null && llmMs > 0) {
            metrics.tokensPerSecond(exchange.provider(), exchange.model(), completion * 1000.0 / llmMs);
        }
        Throwable cause = exchange.cause();
        if (cause != null && !(cause instanceof ProblemException)) {
            Log.warnf(cause, "Answer %s failed", turn.answerId());
        }
        Log.infof("chat conversation=%s message=%s status=%s provider=%s model=%s sources=%d timings=%s usage=%s",
                turn.conversationId(), turn.answerId(), turn.status(), turn.provider(), turn.model(),
                turn.sources().size(), turn.timings(), turn.usage());
    }

    private void record(ChatExchange exchange, String figure, long nanos) {
        stages.stage(figure, exchange.provider(), exchange.model(), nanos);
    }
}
