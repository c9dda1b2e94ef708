package io.ragchat.history.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The stored sources, which ragchat writes with its own ObjectMapper (to the database, and in SSE events):
 * Quarkus registers the types of resource signatures for reflection in a native executable, but cannot see
 * these, so they are named here.
 */
@RegisterForReflection(targets = SourceRef.class)
final class HistoryNativeReflection {

    private HistoryNativeReflection() {
    }
}
