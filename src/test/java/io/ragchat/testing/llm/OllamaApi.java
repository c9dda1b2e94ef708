package io.ragchat.testing.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's native API: {@code GET /}, {@code /api/version}, {@code /api/tags}, {@code /api/ps};
 * {@code POST /api/chat}, {@code /api/generate}, {@code /api/embed} and the legacy
 * {@code /api/embeddings}. Errors are {@code {"error":"..."}} with Ollama's status codes and wording.
 */
final class OllamaApi {

    /** The Ollama version the simulator claims to be; its API is the one described in facts.md. */
    static final String VERSION = "0.12.6";

    private static final Pattern PARAMETER_TAG = Pattern.compile("(\\d+(?:\\.\\d+)?)([bm])");

    private final ModelHost host;
    private final Instant modifiedAt = Instant.now();

    OllamaApi(ModelHost host) {
        this.host = host;
    }

    void addRoutes(Map<String, Consumer<Exchange>> routes) {
        routes.put("GET /", exchange -> exchange.text(200, "Ollama is running"));
        routes.put("HEAD /", exchange -> exchange.text(200, ""));
        routes.put("GET /api/version", exchange -> exchange.json(200, new JsonObject().put("version", VERSION)));
        routes.put("GET /api/tags", this::tags);
        routes.put("GET /api/ps", this::ps);
        routes.put("POST /api/chat", guarded(this::chat));
        routes.put("POST /api/generate", guarded(this::generate));
        routes.put("POST /api/embed", guarded(this::embed));
        routes.put("POST /api/embeddings", guarded(this::legacyEmbeddings));
    }

    private void chat(Exchange exchange) {
        String model = exchange.model();
        Duration keepAlive = keepAlive(exchange);
        JsonArray messages = Optional.ofNullable(exchange.body().getJsonArray("messages")).orElseGet(JsonArray::new);
        if (!knows(exchange, model)) {
            return;
        }
        if (messages.isEmpty()) {
            loadOrUnload(exchange, model, keepAlive, OllamaReplyWriter.Endpoint.CHAT);
            return;
        }
        List<Prompt.Message> parsed = new ArrayList<>(messages.size());
        for (Object message : messages) {
            if (!(message instanceof JsonObject object)) {
                throw new BadRequest("messages must be objects");
            }
            parsed.add(new Prompt.Message(object.getString("role", ""), object.getString("content", "")));
        }
        startGeneration(exchange, model, Prompt.ofMessages(parsed), keepAlive, OllamaReplyWriter.Endpoint.CHAT);
    }

    private void generate(Exchange exchange) {
        String model = exchange.model();
        Duration keepAlive = keepAlive(exchange);
        String prompt = exchange.body().getString("prompt", "");
        String system = exchange.body().getString("system", "");
        if (!knows(exchange, model)) {
            return;
        }
        if (prompt == null || prompt.isEmpty()) {
            loadOrUnload(exchange, model, keepAlive, OllamaReplyWriter.Endpoint.GENERATE);
            return;
        }
        List<String> others = system == null || system.isEmpty() ? List.of() : List.of(system);
        startGeneration(exchange, model, new Prompt(prompt, others), keepAlive, OllamaReplyWriter.Endpoint.GENERATE);
    }

    /** Ollama's preload (no prompt) and unload (no prompt, {@code keep_alive} 0) requests. */
    private void loadOrUnload(Exchange exchange, String model, Duration keepAlive,
            OllamaReplyWriter.Endpoint endpoint) {
        Optional<Fault.FailBeforeStream> refusal = host.refusal();
        if (refusal.isPresent()) {
            exchange.json(refusal.get().status(), OllamaReplyWriter.error(refusal.get().message()));
            return;
        }
        if (keepAlive.isZero()) {
            host.models().unload(model);
            exchange.json(200, OllamaReplyWriter.reply(model, endpoint, "", true).put("done_reason", "unload"));
            return;
        }
        host.preload(exchange, model, keepAlive).onSuccess(loaded -> exchange.json(200,
                OllamaReplyWriter.reply(model, endpoint, "", true).put("done_reason", "load")));
    }

    private void startGeneration(Exchange exchange, String model, Prompt prompt, Duration keepAlive,
            OllamaReplyWriter.Endpoint endpoint) {
        Optional<Fault> fault = host.generationFault();
        if (fault.orElse(null) instanceof Fault.FailBeforeStream refusal) {
            exchange.json(refusal.status(), OllamaReplyWriter.error(refusal.message()));
            return;
        }
        Optional<Integer> numPredict = Exchange.integer(exchange.body().getJsonObject("options"), "num_predict");
        Generation.Plan plan = Generation.Plan.of(exchange.profile(), prompt, numPredict, keepAlive);
        boolean stream = !Boolean.FALSE.equals(exchange.body().getValue("stream")); // Ollama streams by default
        Generation.Sink sink = stream
                ? OllamaReplyWriter.streamed(exchange, model, endpoint)
                : OllamaReplyWriter.whole(exchange, model, endpoint);
        host.generate(exchange, model, plan, fault, sink);
    }

    private void embed(Exchange exchange) {
        String model = exchange.model();
        Duration keepAlive = keepAlive(exchange);
        List<String> texts = exchange.inputTexts("input");
        int dimension = Exchange.integer(exchange.body(), "dimensions").filter(d -> d > 0)
                .orElse(exchange.profile().embeddingDimension());
        if (!knows(exchange, model) || refused(exchange)) {
            return;
        }
        host.embed(exchange, model, texts, dimension, keepAlive).onSuccess(embeddings -> {
            JsonArray vectors = new JsonArray();
            embeddings.vectors().forEach(vector -> vectors.add(ModelHost.Embeddings.toJson(vector)));
            exchange.json(200, new JsonObject()
                    .put("model", model)
                    .put("embeddings", vectors)
                    .put("total_duration", embeddings.totalNanos())
                    .put("load_duration", embeddings.loadNanos())
                    .put("prompt_eval_count", embeddings.promptTokens()));
        });
    }

    /** The pre-0.3 endpoint: one {@code prompt} in, one {@code embedding} out. */
    private void legacyEmbeddings(Exchange exchange) {
        String model = exchange.model();
        Duration keepAlive = keepAlive(exchange);
        String prompt = exchange.body().getString("prompt", "");
        if (!knows(exchange, model) || refused(exchange)) {
            return;
        }
        int dimension = exchange.profile().embeddingDimension();
        host.embed(exchange, model, List.of(prompt == null ? "" : prompt), dimension, keepAlive).onSuccess(
                embeddings -> exchange.json(200,
                        new JsonObject().put("embedding", ModelHost.Embeddings.toJson(embeddings.vectors().get(0)))));
    }

    private void tags(Exchange exchange) {
        JsonArray models = new JsonArray();
        exchange.profile().models().forEach(name -> models.add(describe(name)));
        exchange.json(200, new JsonObject().put("models", models));
    }

    private void ps(Exchange exchange) {
        JsonArray models = new JsonArray();
        for (ModelRegistry.ResidentModel resident : host.models().residents()) {
            // "Forever" is shown the way Ollama shows it: now plus the largest Go duration.
            Instant expiresAt = resident.expiresAt() != null
                    ? resident.expiresAt()
                    : Instant.now().plusNanos(Long.MAX_VALUE);
            models.add(describe(resident.name())
                    .put("expires_at", expiresAt.toString())
                    .put("size_vram", 0));
        }
        exchange.json(200, new JsonObject().put("models", models));
    }

    /** A model as {@code /api/tags} lists it; the figures are derived from the name, for realism only. */
    private JsonObject describe(String name) {
        String family = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        String tag = name.contains(":") ? name.substring(name.indexOf(':') + 1) : "latest";
        Matcher parameters = PARAMETER_TAG.matcher(tag.toLowerCase(Locale.ROOT));
        String parameterSize = parameters.matches() ? tag.toUpperCase(Locale.ROOT) : "";
        long parameterCount = parameters.matches()
                ? (long) (Double.parseDouble(parameters.group(1)) * (parameters.group(2).equals("b") ? 1e9 : 1e6))
                : 23_000_000L; // the size of all-minilm, the usual untagged embedding model
        return new JsonObject()
                .put("name", name)
                .put("model", name)
                .put("modified_at", modifiedAt.toString())
                .put("size", parameterCount * 5 / 8) // ~5 bits per weight, as a Q4_K_M file has
                .put("digest", sha256(name))
                .put("details", new JsonObject()
                        .put("parent_model", "")
                        .put("format", "gguf")
                        .put("family", family)
                        .put("families", new JsonArray().add(family))
                        .put("parameter_size", parameterSize)
                        .put("quantization_level", "Q4_K_M"));
    }

    private boolean knows(Exchange exchange, String model) {
        if (exchange.profile().models().contains(model)) {
            return true;
        }
        exchange.json(404, OllamaReplyWriter.error("model \"" + model + "\" not found, try pulling it first"));
        return false;
    }

    private boolean refused(Exchange exchange) {
        Optional<Fault.FailBeforeStream> refusal = host.refusal();
        refusal.ifPresent(r -> exchange.json(r.status(), OllamaReplyWriter.error(r.message())));
        return refusal.isPresent();
    }

    private static Duration keepAlive(Exchange exchange) {
        try {
            return KeepAlive.parse(exchange.body().getValue("keep_alive"), exchange.profile().defaultKeepAlive());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** Answers a malformed request with 400 {@code {"error":...}} instead of failing on the event loop. */
    private static Consumer<Exchange> guarded(Consumer<Exchange> handler) {
        return exchange -> {
            if (exchange.body() == null) {
                exchange.json(400, OllamaReplyWriter.error("invalid request body: not a JSON object"));
                return;
            }
            try {
                handler.accept(exchange);
            } catch (BadRequest e) {
                exchange.json(400, OllamaReplyWriter.error(e.getMessage()));
            } catch (ClassCastException e) {
                exchange.json(400, OllamaReplyWriter.error("invalid request body: a field has the wrong type"));
            }
        };
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
