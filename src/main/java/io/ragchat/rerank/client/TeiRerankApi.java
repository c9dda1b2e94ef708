package io.ragchat.rerank.client;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;

/** Hugging Face text-embeddings-inference's rerank endpoint: one score per text, best first. */
@Path("rerank")
public interface TeiRerankApi {

    @POST
    Uni<List<Rank>> rerank(Request request);

    /** {@code truncate}: a passage longer than the model's input is cut instead of refused. */
    record Request(String query, List<String> texts, boolean truncate) {
    }

    /** A text, by its position in the request, and its score. */
    record Rank(Integer index, Double score) {
    }
}
