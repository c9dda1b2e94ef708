package io.ragchat.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Makes a failing request smaller while it still fails: one header fewer, one query parameter fewer, half
 * the body; greedy, taking the first smaller variant that fails and starting again from it, so that the report
 * shows what the failure needs rather than everything the generator happened to add.
 */
final class RequestShrinker {

    /** Each attempt is a request to the service: enough to drop every part of a large request, still quick. */
    private static final int MAX_ATTEMPTS = 150;

    private RequestShrinker() {
    }

    /** The smallest variant of {@code failing} for which {@code fails} holds, and how many steps led to it. */
    static Shrunk shrink(FuzzRequest failing, Predicate<FuzzRequest> fails) {
        FuzzRequest smallest = failing;
        int steps = 0;
        int attempts = 0;
        boolean smaller = true;
        while (smaller && attempts < MAX_ATTEMPTS) {
            smaller = false;
            for (FuzzRequest candidate : variants(smallest)) {
                if (attempts++ >= MAX_ATTEMPTS) {
                    break;
                }
                if (fails.test(candidate)) {
                    smallest = candidate;
                    steps++;
                    smaller = true;
                    break;
                }
            }
        }
        return new Shrunk(smallest, steps);
    }

    record Shrunk(FuzzRequest request, int steps) {
    }

    /** Every variant one step smaller than the request, the biggest cuts first. */
    static List<FuzzRequest> variants(FuzzRequest request) {
        List<FuzzRequest> variants = new ArrayList<>();
        byte[] body = request.body();
        if (body.length > 0) {
            variants.add(request.body(new byte[0]));
        }
        if (body.length > 1) {
            variants.add(request.body(Arrays.copyOfRange(body, 0, body.length / 2)));
            variants.add(request.body(Arrays.copyOfRange(body, body.length / 2, body.length)));
        }
        List<FuzzRequest.Header> headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            List<FuzzRequest.Header> fewer = new ArrayList<>(headers);
            fewer.remove(i);
            variants.add(new FuzzRequest(request.method(), request.target(), List.copyOf(fewer), body));
        }
        int query = request.target().indexOf('?');
        if (query >= 0) {
            variants.add(request.target(request.path()));
            List<String> parameters = List.of(request.target().substring(query + 1).split("&", -1));
            for (int i = 0; parameters.size() > 1 && i < parameters.size(); i++) {
                List<String> fewer = new ArrayList<>(parameters);
                fewer.remove(i);
                variants.add(request.target(request.path() + "?" + String.join("&", fewer)));
            }
        }
        return variants;
    }
}
