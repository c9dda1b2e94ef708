package io.ragchat.resilience;

/**
 * A failure a second attempt may not meet: the dependency was down or overloaded before it answered anything.
 * A policy of {@link Guards} that retries only such failures names this, not the exceptions of the features
 * above, which implement it.
 */
public interface TransientFailure {
}
