package io.ragchat.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ragchat.embedding.service.EmbeddingService;

/** Ready once the embedding model is loaded and has computed a vector. */
@Readiness
@ApplicationScoped
public class EmbeddingReadinessCheck implements HealthCheck {

    private final WarmUp warmUp;
    private final EmbeddingService embeddings;

    EmbeddingReadinessCheck(WarmUp warmUp, EmbeddingService embeddings) {
        this.warmUp = warmUp;
        this.embeddings = embeddings;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding").status(warmUp.done())
                .withData("model", embeddings.modelId()).build();
    }
}
