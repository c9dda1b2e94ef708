package io.ragchat.limit.service;

import io.ragchat.problem.ProblemException;

/** A question refused by a limit: 429 or 503 with {@code Retry-After}, or 504 when its deadline passed. */
public class LimitExceededException extends ProblemException {

    private final Rejection reason;

    LimitExceededException(Rejection reason, int status, String title, String detail, long retryAfterSeconds) {
        super(status, title, detail, retryAfterSeconds);
        this.reason = reason;
    }

    public Rejection reason() {
        return reason;
    }
}
