package io.ragchat.llm.service;

/** The model back-end failed or was cut off while answering. */
public class GenerationException extends RuntimeException {

    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
