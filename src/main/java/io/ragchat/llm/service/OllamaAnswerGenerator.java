package io.ragchat.llm.service;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.quarkiverse.langchain4j.ollama.ChatRequest;
import io.quarkiverse.langchain4j.ollama.ChatResponse;
import io.quarkiverse.langchain4j.ollama.Message;
import io.quarkiverse.langchain4j.ollama.OllamaRestApi;
import io.quarkiverse.langchain4j.ollama.Options;
import io.quarkiverse.langchain4j.ollama.Role;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.ragchat.llm.config.LlmConfig;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Generation on an Ollama server through quarkus-langchain4j-ollama's reactive client. ragchat uses the
 * client's {@code Multi} directly rather than the callback-style chat model because only the {@code Multi}
 * can be cancelled: cancelling it closes the HTTP stream, and Ollama stops generating when its client
 * goes away. {@link OllamaKeepAlive} adds {@code keep_alive} to every request.
 *
 * <p>
 * Ollama reports a failure during generation as an {@code {"error": ...}} line on a 200 stream, which
 * reaches us as a line without a message; a stream that ends without its {@code "done": true} line was
 * cut. Both fail the generation instead of passing a truncated answer off as complete.
 *
 * <p>
 * The REST client is built here rather than through the extension's {@code OllamaClient}, for two settings
 * that client does not expose. Keep-alive is off: the REST client closes the connection of every streamed
 * response when the stream completes, after its pool may already have handed that connection to the next
 * request, which then fails with "Connection was closed" (seen under 8 concurrent streams in
 * docs/benchmarks.md); without keep-alive no connection is handed on, and none was reused anyway. And the
 * pool allows {@code ragchat.llm.max-connections} streams at once instead of Vert.x's default of 5, so
 * concurrent questions reach the model server's own queue instead of waiting in ours.
 */
@ApplicationScoped
public class OllamaAnswerGenerator implements AnswerGenerator {

    private final String baseUrl;
    private final String model;
    private final Duration timeout;
    private final int maxConnections;
    private volatile OllamaRestApi client;

    OllamaAnswerGenerator(@ConfigProperty(name = "quarkus.langchain4j.ollama.base-url") String baseUrl,
            @ConfigProperty(name = "quarkus.langchain4j.ollama.chat-model.model-id") String model,
            @ConfigProperty(name = "quarkus.langchain4j.ollama.timeout") Duration timeout, LlmConfig config) {
        this.baseUrl = baseUrl;
        this.model = model;
        this.timeout = timeout;
        this.maxConnections = config.maxConnections();
    }

    @Override
    public String provider() {
        return LlmConfig.Provider.ollama.name();
    }

    @Override
    public String defaultModel() {
        return model;
    }

    @Override
    public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
        return stream(ChatRequest.builder()
                .model(route.modelId())
                .messages(prompt.messages().stream().map(OllamaAnswerGenerator::toOllama).toList())
                .options(Options.builder().temperature(route.temperature()).numPredict(route.maxAnswerTokens())
                        .numCtx(route.contextSize()).build())
                .stream(true)
                .build());
    }

    /** One token: it loads the model if it is not loaded, and proves that it answers. */
    @Override
    public Uni<Void> probe(ModelRoute route) {
        return stream(ChatRequest.builder()
                .model(route.modelId())
                .messages(List.of(Message.builder().role(Role.USER).content("Reply with OK.").build()))
                .options(Options.builder().temperature(0.0).numPredict(1).numCtx(route.contextSize()).build())
                .stream(true)
                .build())
                .collect().last().replaceWithVoid();
    }

    private Multi<GenerationEvent> stream(ChatRequest request) {
        AtomicBoolean done = new AtomicBoolean();
        return Multi.createFrom().deferred(() -> client().streamingChat(request))
                .onFailure(failure -> !(failure instanceof GenerationException)).transform(OllamaAnswerGenerator::unavailable)
                .onItem().transformToIterable(response -> toEvents(response, done))
                .onCompletion().switchTo(() -> done.get()
                        ? Multi.createFrom().empty()
                        : Multi.createFrom().failure(new GenerationException(
                                "The Ollama stream ended before the answer was complete")));
    }

    private static List<GenerationEvent> toEvents(ChatResponse response, AtomicBoolean done) {
        if (Boolean.TRUE.equals(response.done())) {
            done.set(true);
            return List.of(new GenerationEvent.Completed(response.promptEvalCount(), response.evalCount()));
        }
        if (response.message() == null) {
            throw new GenerationException("Ollama reported an error while generating the answer");
        }
        String content = response.message().content();
        return content == null || content.isEmpty() ? List.of() : List.of(new GenerationEvent.Token(content));
    }

    /** What went wrong talking to Ollama, in words a client can act on (never a stack trace). */
    private static GenerationException unavailable(Throwable failure) {
        if (failure instanceof WebApplicationException http) {
            String body = "";
            try {
                body = http.getResponse().readEntity(String.class);
            } catch (RuntimeException unreadable) {
                // The status alone still says what happened.
            }
            String message = "Ollama answered HTTP " + http.getResponse().getStatus() + (body.isBlank() ? "" : ": " + body.strip());
            return ModelUnavailableException.isTransient(failure) ? new ModelUnavailableException(message, failure)
                    : new GenerationException(message, failure);
        }
        return new ModelUnavailableException("Ollama could not be reached: " + failure.getMessage(), failure);
    }

    private static Message toOllama(PromptMessage message) {
        Role role = switch (message.role()) {
            case system -> Role.SYSTEM;
            case user -> Role.USER;
            case assistant -> Role.ASSISTANT;
        };
        return Message.builder().role(role).content(message.content()).build();
    }

    private OllamaRestApi client() {
        OllamaRestApi current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(baseUrl))
                            .connectTimeout(timeout.toSeconds(), TimeUnit.SECONDS)
                            .readTimeout(timeout.toSeconds(), TimeUnit.SECONDS)
                            .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, false)
                            .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, maxConnections)
                            .build(OllamaRestApi.class);
                }
                current = client;
            }
        }
        return current;
    }
}
