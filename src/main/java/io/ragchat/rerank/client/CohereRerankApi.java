package io.ragchat.rerank.client;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/** Cohere's rerank endpoint, also served by Jina and vLLM: one relevance score per document, best first. */
@Path("v1/rerank")
public interface CohereRerankApi {

    @POST
    Uni<Response> rerank(Request request);

    /** {@code top_n}: every document, so each gets its score. A null model is left out (vLLM serves one). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, String query, List<String> documents, @JsonProperty("top_n") int topN) {
    }

    record Response(List<Result> results) {
    }

    /** A document, by its position in the request, and its relevance. */
    record Result(Integer index, @JsonProperty("relevance_score") Double relevanceScore) {
    }
}
