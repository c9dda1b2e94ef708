package io.ragchat.testing.rerank;

import java.net.URI;
import java.util.Optional;

import io.ragchat.rerank.config.RerankConfig;

/** Reranking settings made by a test, for a reranker or client other than the application's own. */
public record RerankSettings(Provider provider, int candidates, Http http) implements RerankConfig {

    /** Reranking off. */
    public static RerankSettings none() {
        return new RerankSettings(Provider.none, 30, new HttpSettings(Optional.empty(), Api.tei, Optional.empty(), Optional.empty()));
    }

    /** A reranking server at {@code baseUrl} (null: none configured) speaking {@code api}. */
    public static RerankSettings http(String baseUrl, Api api, String model, String apiKey) {
        return new RerankSettings(Provider.http, 30, new HttpSettings(Optional.ofNullable(baseUrl).map(URI::create), api,
                Optional.ofNullable(model), Optional.ofNullable(apiKey)));
    }

    public record HttpSettings(Optional<URI> baseUrl, Api api, Optional<String> model, Optional<String> apiKey)
            implements Http {
    }
}
