package io.ragchat.llm.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.ragchat.llm.config.LlmConfig;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Generation on any OpenAI-compatible server (vLLM, llama.cpp server, gateways) through
 * quarkus-langchain4j-openai's streaming chat model. When the stream is cancelled, the model's streaming
 * handle is cancelled so the server stops generating.
 */
@ApplicationScoped
public class OpenAiAnswerGenerator implements AnswerGenerator {

    private final Instance<StreamingChatModel> chatModel;
    private final String model;

    OpenAiAnswerGenerator(Instance<StreamingChatModel> chatModel,
            @ConfigProperty(name = "quarkus.langchain4j.openai.chat-model.model-name") String model) {
        this.chatModel = chatModel;
        this.model = model;
    }

    @Override
    public String provider() {
        return LlmConfig.Provider.openai.name();
    }

    @Override
    public String defaultModel() {
        return model;
    }

    @Override
    public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
        List<ChatMessage> messages = prompt.messages().stream().map(OpenAiAnswerGenerator::toLangChain4j).toList();
        return stream(ChatRequest.builder().messages(messages).modelName(route.modelId())
                .temperature(route.temperature()).maxOutputTokens(route.maxAnswerTokens()).build());
    }

    @Override
    public Uni<Void> probe(ModelRoute route) {
        return stream(ChatRequest.builder().messages(List.of(UserMessage.from("Reply with OK."))).modelName(route.modelId())
                .maxOutputTokens(1).build()).collect().last().replaceWithVoid();
    }

    private Multi<GenerationEvent> stream(ChatRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<StreamingHandle> handle = new AtomicReference<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> {
                if (emitter.isCancelled()) {
                    cancelled.set(true);
                    StreamingHandle current = handle.get();
                    if (current != null) {
                        current.cancel();
                    }
                }
            });
            chatModel.get().chat(request, new Handler(emitter, handle, cancelled));
        });
    }

    private static ChatMessage toLangChain4j(PromptMessage message) {
        return switch (message.role()) {
            case system -> SystemMessage.from(message.content());
            case user -> UserMessage.from(message.content());
            case assistant -> AiMessage.from(message.content());
        };
    }

    private record Handler(MultiEmitter<? super GenerationEvent> emitter, AtomicReference<StreamingHandle> handle,
            AtomicBoolean cancelled) implements StreamingChatResponseHandler {

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            handle.set(context.streamingHandle());
            if (cancelled.get()) {
                context.streamingHandle().cancel();
                return;
            }
            if (partial.text() != null && !partial.text().isEmpty()) {
                emitter.emit(new GenerationEvent.Token(partial.text()));
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            TokenUsage usage = response.tokenUsage();
            emitter.emit(new GenerationEvent.Completed(usage == null ? null : usage.inputTokenCount(),
                    usage == null ? null : usage.outputTokenCount()));
            emitter.complete();
        }

        @Override
        public void onError(Throwable error) {
            String message = "The OpenAI-compatible server failed to answer";
            emitter.fail(ModelUnavailableException.isTransient(error) ? new ModelUnavailableException(message, error)
                    : new GenerationException(message, error));
        }
    }
}
