package io.ragchat.testing.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * OpenAI's API as Ollama serves it under {@code /v1}: {@code GET /v1/models},
 * {@code POST /v1/chat/completions} (streamed or not) and {@code POST /v1/embeddings}. Errors are
 * {@code {"error":{"message","type","param","code"}}}. When the profile has an API key, every
 * {@code /v1} request must send {@code Authorization: Bearer <key>}; otherwise the header is accepted
 * and ignored. Models stay loaded for the profile's default keep-alive (OpenAI requests have none).
 */
final class OpenAiApi {

    private final ModelHost host;
    private final long created = Instant.now().getEpochSecond();
    private final AtomicLong completionIds = new AtomicLong();

    OpenAiApi(ModelHost host) {
        this.host = host;
    }

    void addRoutes(Map<String, Consumer<Exchange>> routes) {
        routes.put("GET /v1/models", authorized(this::models));
        routes.put("POST /v1/chat/completions", authorized(guarded(this::chatCompletions)));
        routes.put("POST /v1/embeddings", authorized(guarded(this::embeddings)));
    }

    private void models(Exchange exchange) {
        JsonArray data = new JsonArray();
        exchange.profile().models().forEach(name -> data.add(new JsonObject()
                .put("id", name)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", "library")));
        exchange.json(200, new JsonObject().put("object", "list").put("data", data));
    }

    private void chatCompletions(Exchange exchange) {
        JsonObject body = exchange.body();
        String model = exchange.model();
        JsonArray messages = body.getJsonArray("messages");
        if (messages == null || messages.isEmpty()) {
            throw new BadRequest("messages must be a non-empty array");
        }
        Prompt prompt = Prompt.ofMessages(parseMessages(messages));
        if (!knows(exchange, model)) {
            return;
        }
        Optional<Fault> fault = host.generationFault();
        if (fault.orElse(null) instanceof Fault.FailBeforeStream refusal) {
            exchange.json(refusal.status(), OpenAiReplyWriter.error(refusal.status(), refusal.message()));
            return;
        }
        Optional<Integer> limit = Exchange.integer(body, "max_completion_tokens")
                .or(() -> Exchange.integer(body, "max_tokens"));
        Generation.Plan plan = Generation.Plan.of(exchange.profile(), prompt, limit,
                exchange.profile().defaultKeepAlive());
        var identity = new OpenAiReplyWriter.Identity("chatcmpl-sim" + completionIds.incrementAndGet(),
                Instant.now().getEpochSecond(), model);
        JsonObject streamOptions = body.getJsonObject("stream_options");
        boolean includeUsage = streamOptions != null && Boolean.TRUE.equals(streamOptions.getValue("include_usage"));
        Generation.Sink sink = Boolean.TRUE.equals(body.getValue("stream"))
                ? OpenAiReplyWriter.streamed(exchange, identity, includeUsage)
                : OpenAiReplyWriter.whole(exchange, identity);
        host.generate(exchange, model, plan, fault, sink);
    }

    /** Messages whose content is a string or an array of parts, of which the text parts count. */
    private static List<Prompt.Message> parseMessages(JsonArray messages) {
        List<Prompt.Message> parsed = new ArrayList<>(messages.size());
        for (Object message : messages) {
            if (!(message instanceof JsonObject object)) {
                throw new BadRequest("messages must be objects");
            }
            Object content = object.getValue("content");
            String text;
            if (content instanceof JsonArray parts) {
                StringBuilder joined = new StringBuilder();
                for (Object part : parts) {
                    if (part instanceof JsonObject p && "text".equals(p.getString("type"))) {
                        joined.append(joined.isEmpty() ? "" : "\n").append(p.getString("text", ""));
                    }
                }
                text = joined.toString();
            } else {
                text = content == null ? "" : content.toString();
            }
            parsed.add(new Prompt.Message(object.getString("role", ""), text));
        }
        return parsed;
    }

    private void embeddings(Exchange exchange) {
        String model = exchange.model();
        List<String> texts = exchange.inputTexts("input");
        if (texts.isEmpty()) {
            throw new BadRequest("input must not be empty");
        }
        int dimension = Exchange.integer(exchange.body(), "dimensions").filter(d -> d > 0)
                .orElse(exchange.profile().embeddingDimension());
        boolean base64 = "base64".equals(exchange.body().getString("encoding_format"));
        if (!knows(exchange, model)) {
            return;
        }
        Optional<Fault.FailBeforeStream> refusal = host.refusal();
        if (refusal.isPresent()) {
            exchange.json(refusal.get().status(), OpenAiReplyWriter.error(refusal.get().status(),
                    refusal.get().message()));
            return;
        }
        host.embed(exchange, model, texts, dimension, exchange.profile().defaultKeepAlive()).onSuccess(result -> {
            JsonArray data = new JsonArray();
            for (int i = 0; i < result.vectors().size(); i++) {
                float[] vector = result.vectors().get(i);
                data.add(new JsonObject()
                        .put("object", "embedding")
                        .put("index", i)
                        .put("embedding", base64 ? toBase64(vector) : ModelHost.Embeddings.toJson(vector)));
            }
            exchange.json(200, new JsonObject()
                    .put("object", "list")
                    .put("data", data)
                    .put("model", model)
                    .put("usage", new JsonObject()
                            .put("prompt_tokens", result.promptTokens())
                            .put("total_tokens", result.promptTokens())));
        });
    }

    /** {@code encoding_format: base64}: the floats as little-endian float32 bytes, as OpenAI sends them. */
    private static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private boolean knows(Exchange exchange, String model) {
        if (exchange.profile().models().contains(model)) {
            return true;
        }
        exchange.json(404, OpenAiReplyWriter.error("The model `" + model + "` does not exist or you do not have"
                + " access to it.", "invalid_request_error", "model_not_found"));
        return false;
    }

    private static Consumer<Exchange> authorized(Consumer<Exchange> handler) {
        return exchange -> {
            String apiKey = exchange.profile().apiKey();
            String authorization = exchange.request().getHeader("Authorization");
            if (apiKey != null && !("Bearer " + apiKey).equals(authorization)) {
                exchange.json(401, OpenAiReplyWriter.error(authorization == null
                        ? "You didn't provide an API key."
                        : "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
                return;
            }
            handler.accept(exchange);
        };
    }

    /** Answers a malformed request with 400 and OpenAI's error object instead of failing on the event loop. */
    private static Consumer<Exchange> guarded(Consumer<Exchange> handler) {
        return exchange -> {
            if (exchange.body() == null) {
                exchange.json(400, OpenAiReplyWriter.error(400, "We could not parse the JSON body of your request."));
                return;
            }
            try {
                handler.accept(exchange);
            } catch (BadRequest e) {
                exchange.json(400, OpenAiReplyWriter.error(400, e.getMessage()));
            } catch (ClassCastException e) {
                exchange.json(400, OpenAiReplyWriter.error(400, "Invalid request: a field has the wrong type."));
            }
        };
    }
}
