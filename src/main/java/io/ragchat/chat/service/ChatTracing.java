package io.ragchat.chat.service;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.ragchat.llm.service.GenerationEvent;
import io.smallrye.mutiny.Multi;

/**
 * The spans of one answer, children of the request's server span: one per {@link Stage} that ran
 * ({@code embedding} with {@code cache lookup} inside it, {@code retrieval} with {@code rerank} inside it,
 * {@code history load}, {@code rewrite}) and {@code generation}, each tagged with the provider and model
 * (both fixed by configuration, so attribute values stay few).
 *
 * <p>
 * A stage's span is recorded when the stage has ended, from the times {@link Stages} measures anyway,
 * with its real start and end: stages that run in parallel on one request never have to take turns
 * being the "current" span. A stage that fails is recorded as failed, with its exception. The generation span is current on the request's
 * Vert.x context while the model streams, so the HTTP client span of the model request is its child; it
 * carries a {@code first_token} event and the token counts. With tracing off (no OTLP endpoint) no request
 * has a recording server span, and nothing here does more than check that.
 */
@ApplicationScoped
public class ChatTracing {

    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

    private final Tracer tracer;

    ChatTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Records a stage that ran from {@code startNanos} ({@link System#nanoTime()}) for {@code tookNanos}, with
     * the parts measured inside it as its children.
     */
    void stage(ChatExchange exchange, Stage stage, long startNanos, long tookNanos, List<Stage.Part> parts) {
        if (!exchange.traced()) {
            return;
        }
        long endNanos = startNanos + tookNanos;
        Span span = span(exchange, exchange.traceContext(), stage.span, startNanos);
        for (Stage.Part part : parts) {
            long partStart = part.atStart() ? startNanos : endNanos - part.nanos();
            span(exchange, exchange.traceContext().with(span), part.stage().span, partStart)
                    .end(exchange.epochNanos(partStart + part.nanos()), TimeUnit.NANOSECONDS);
        }
        span.end(exchange.epochNanos(endNanos), TimeUnit.NANOSECONDS);
    }

    /** Records a stage that failed, from {@code startNanos} until now, with its failure. */
    void failed(ChatExchange exchange, Stage stage, long startNanos, Throwable failure) {
        if (exchange.traced()) {
            Span span = span(exchange, exchange.traceContext(), stage.span, startNanos);
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            span.end();
        }
    }

    private Span span(ChatExchange exchange, Context parent, String name, long startNanos) {
        return tracer.spanBuilder(name).setParent(parent)
                .setStartTimestamp(exchange.epochNanos(startNanos), TimeUnit.NANOSECONDS)
                .setAttribute(PROVIDER, exchange.provider())
                .setAttribute(MODEL, exchange.model())
                .startSpan();
    }

    /**
     * The model's events inside a {@code generation} span, current on the request's Vert.x context while
     * they stream (the model's HTTP client span becomes its child).
     */
    Multi<GenerationEvent> generation(ChatExchange exchange, Supplier<Multi<GenerationEvent>> generate) {
        if (!exchange.traced()) {
            return Multi.createFrom().deferred(generate::get);
        }
        io.vertx.core.Context vertx = exchange.vertxContext();
        Multi<GenerationEvent> traced = Multi.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("generation").setParent(exchange.traceContext())
                    .setAttribute(PROVIDER, exchange.provider())
                    .setAttribute(MODEL, exchange.model())
                    .startSpan();
            Scope scope = span.makeCurrent();
            AtomicBoolean firstToken = new AtomicBoolean();
            return generate.get()
                    .onItem().invoke(event -> {
                        if (event instanceof GenerationEvent.Token && firstToken.compareAndSet(false, true)) {
                            span.addEvent("first_token");
                        } else if (event instanceof GenerationEvent.Completed completed) {
                            if (completed.promptTokens() != null) {
                                span.setAttribute(INPUT_TOKENS, completed.promptTokens().longValue());
                            }
                            if (completed.completionTokens() != null) {
                                span.setAttribute(OUTPUT_TOKENS, completed.completionTokens().longValue());
                            }
                        }
                    })
                    .onTermination().invoke((failure, cancelled) -> {
                        if (failure != null) {
                            span.recordException(failure);
                            span.setStatus(StatusCode.ERROR);
                        } else if (cancelled) {
                            span.setAttribute("ragchat.cancelled", true);
                        }
                        span.end();
                        scope.close();
                    });
        });
        // The scope must be opened on the request's context, where the model's HTTP request is sent from.
        return vertx == null ? traced : traced.runSubscriptionOn(task -> vertx.runOnContext(ignored -> task.run()));
    }
}
