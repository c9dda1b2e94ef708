/**
 * Limits on what callers may ask: the question rate per caller (Bucket4j token buckets, one per tenant and
 * user, kept in a Caffeine cache until they are full again), the answers in progress per caller and per
 * replica, and each answer's deadline.
 * <p>
 * The buckets are per replica: a limit shared through Redis would need Bucket4j's Lettuce, Redisson or Jedis
 * module, a second Redis client beside Quarkus's, and a Redis round trip before every question.
 * The stream slots stay hand-written: they are two counters released exactly once, which no library makes
 * smaller (a {@code Semaphore} per caller would still need the map that frees idle callers).
 */
package io.ragchat.limit;
