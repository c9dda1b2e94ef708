package io.ragchat.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The error bodies, which ragchat writes with its own ObjectMapper (in SSE events and outside JAX-RS) or inside
 * a {@code Response}: Quarkus registers the types of resource signatures for reflection in a native executable,
 * but cannot see these, so they are named here.
 */
@RegisterForReflection(targets = { Problem.class, Problem.Violation.class, OpenAiError.class, OpenAiError.Body.class })
final class ProblemNativeReflection {

    private ProblemNativeReflection() {
    }
}
