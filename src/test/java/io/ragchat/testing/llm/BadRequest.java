package io.ragchat.testing.llm;

/** A request the simulator refuses with 400; the message goes into the protocol's error body. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a bug
    }
}
