package io.ragchat.llm.service;

import java.io.IOException;

import jakarta.ws.rs.WebApplicationException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import io.ragchat.resilience.TransientFailure;

/**
 * The model server could not be reached, or refused with a server error (or, Bedrock, throttled), before it
 * produced anything: the one failure worth asking again (the {@code llm} guard retries it; any other 4xx or a
 * broken stream is not).
 */
public class ModelUnavailableException extends GenerationException implements TransientFailure {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether this failure of a model request is one a second attempt may not meet: down, overloaded, 5xx. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException http) {
                return http.getResponse().getStatus() >= 500;
            }
            if (t instanceof HttpException http) {
                return http.statusCode() >= 500;
            }
            if (t instanceof RetriableException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
