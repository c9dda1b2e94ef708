package io.ragchat.problem;

/** A failure that the caller caused or can act on, answered as a problem with its own status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final long retryAfterSeconds;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, 0);
    }

    /** A refusal that passes (a rate or capacity limit): the response says when to try again. */
    public ProblemException(int status, String title, String detail, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail);
    }

    /** Seconds the client should wait before asking again ({@code Retry-After}); 0 when there is no point. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem toProblem() {
        return Problem.of(status, title, getMessage());
    }
}
