package io.ragchat.rerank.client;

/** The reranker answered, but not with one score for each passage it was sent. */
public class MalformedRankingException extends RuntimeException {

    public MalformedRankingException(String message) {
        super(message);
    }
}
