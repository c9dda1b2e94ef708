package io.ragchat.llm.service;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.smallrye.mutiny.subscription.MultiEmitter;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * One ConverseStream answer, from the SDK's event stream to generation events: each text delta is a token,
 * the metadata event's usage goes into the completion. A stream that ends without {@code messageStop} was
 * cut and fails rather than passing a truncated answer off as complete. {@link #cancel()} cancels the
 * subscription, which makes the SDK close the connection.
 */
final class BedrockStream implements Subscriber<ConverseStreamOutput> {

    private final MultiEmitter<? super GenerationEvent> emitter;
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean tokens;
    private volatile boolean stopped;
    private volatile TokenUsage usage;

    BedrockStream(MultiEmitter<? super GenerationEvent> emitter) {
        this.emitter = emitter;
    }

    ConverseStreamResponseHandler handler() {
        return ConverseStreamResponseHandler.builder()
                .onEventStream(events -> events.subscribe(this))
                .onError(this::onError)
                .build();
    }

    void cancel() {
        cancelled = true;
        Subscription current = subscription.get();
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription.set(s);
        if (cancelled) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(ConverseStreamOutput event) {
        switch (event) {
            case ContentBlockDeltaEvent delta when delta.delta() != null && delta.delta().text() != null
                    && !delta.delta().text().isEmpty() -> {
                tokens = true;
                emitter.emit(new GenerationEvent.Token(delta.delta().text()));
            }
            case MessageStopEvent ignored -> stopped = true;
            case ConverseStreamMetadataEvent metadata -> usage = metadata.usage();
            default -> {
                // messageStart, contentBlockStart/Stop, and deltas without text (tool use, reasoning)
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            emitter.fail(failure(error, tokens));
        }
    }

    @Override
    public void onComplete() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (!stopped) {
            emitter.fail(new GenerationException("The Bedrock stream ended before the answer was complete"));
            return;
        }
        TokenUsage counts = usage;
        emitter.emit(new GenerationEvent.Completed(counts == null ? null : counts.inputTokens(),
                counts == null ? null : counts.outputTokens()));
        emitter.complete();
    }

    /**
     * What went wrong, in words a client can act on. Only a failure before any token that a second attempt
     * may not meet (throttled, not ready, a 5xx, no connection) is {@link ModelUnavailableException}, which
     * the {@code llm} guard retries; a refused request (validation, access denied, unknown model) is not.
     */
    static GenerationException failure(Throwable error, boolean afterTokens) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message;
        boolean transientFailure;
        if (cause instanceof AwsServiceException refused) {
            String code = refused.awsErrorDetails() == null ? null : refused.awsErrorDetails().errorCode();
            String detail = refused.awsErrorDetails() == null ? refused.getMessage() : refused.awsErrorDetails().errorMessage();
            // An error inside the stream names its type in camel case (validationException): say it as an HTTP one.
            String name = code == null || code.isEmpty() ? null : Character.toUpperCase(code.charAt(0)) + code.substring(1);
            message = "Amazon Bedrock answered " + (name == null ? "HTTP " + refused.statusCode() : name)
                    + (detail == null || detail.isBlank() ? "" : ": " + detail.strip());
            transientFailure = refused instanceof ThrottlingException || refused instanceof ServiceUnavailableException
                    || refused instanceof InternalServerException || refused instanceof ModelNotReadyException
                    || refused.isThrottlingException() || refused.statusCode() >= 500;
        } else {
            message = "Amazon Bedrock could not be reached: " + cause.getMessage();
            transientFailure = ModelUnavailableException.isTransient(cause);
        }
        return transientFailure && !afterTokens ? new ModelUnavailableException(message, cause)
                : new GenerationException(message, cause);
    }
}
