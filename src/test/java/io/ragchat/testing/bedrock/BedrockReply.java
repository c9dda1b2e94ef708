package io.ragchat.testing.bedrock;

import java.time.Duration;
import java.util.List;

/** How the {@link BedrockStub} answers one ConverseStream request. */
public sealed interface BedrockReply {

    /** A complete answer: these text deltas, one per {@code interval}, then stop and usage. */
    record Answer(List<String> tokens, Duration interval, int inputTokens) implements BedrockReply {
    }

    /** These text deltas, then silence with the connection open, as a model that hangs. */
    record StallAfter(List<String> tokens) implements BedrockReply {
    }

    /**
     * A 200 stream that opens with {@code messageStart} and then carries an exception frame
     * ({@code :message-type exception}), as Bedrock reports {@code throttlingException} or
     * {@code validationException} once it has begun to answer.
     */
    record ExceptionFrame(String exceptionType, String message) implements BedrockReply {
    }

    /** No response at all, not even headers, as a model still reading a long prompt. */
    record Silent() implements BedrockReply {
    }

    /** An HTTP error before any stream, with Bedrock's {@code x-amzn-ErrorType} and JSON body. */
    record HttpError(int status, String errorType, String message) implements BedrockReply {
    }
}
