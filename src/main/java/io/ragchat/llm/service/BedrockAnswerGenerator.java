package io.ragchat.llm.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.llm.config.LlmConfig;
import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * Generation on Amazon Bedrock through the Runtime API's ConverseStream, with the AWS SDK's async client
 * on its Netty HTTP client (Netty is what Quarkus already runs on; the CRT client would add a native
 * library). Credentials come from the SDK's default chain, so a pod's IRSA or Pod Identity role applies.
 *
 * <p>
 * The client speaks HTTP/1.1, one connection per answer as with the other providers: the SDK would
 * otherwise negotiate HTTP/2 for this service, where a cancelled answer only resets its stream. Closing
 * the connection is what tells Bedrock to stop generating. The SDK does not retry: the {@code llm} guard
 * is the one retry policy, and it retries only what {@link BedrockStream} calls unavailable. Nor does it
 * time out reads: the {@code llm} guard bounds the wait for the first token and
 * {@code ragchat.llm.idle-timeout} the silences after it, and both cancel the stream.
 */
@ApplicationScoped
public class BedrockAnswerGenerator implements AnswerGenerator {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String model;
    private final BedrockRuntimeAsyncClient client;

    BedrockAnswerGenerator(LlmConfig config) {
        LlmConfig.Bedrock bedrock = config.bedrock();
        this.model = bedrock.modelId();
        BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(bedrock.region()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP1_1)
                        .protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL)
                        .maxConcurrency(config.maxConnections())
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .readTimeout(Duration.ZERO))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        bedrock.endpointOverride().ifPresent(builder::endpointOverride);
        this.client = builder.build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public String provider() {
        return LlmConfig.Provider.bedrock.name();
    }

    @Override
    public String defaultModel() {
        return model;
    }

    @Override
    public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (PromptMessage message : prompt.messages()) {
            if (message.role() == PromptMessage.Role.system) {
                system.add(SystemContentBlock.fromText(message.content()));
            } else {
                append(messages, message.role() == PromptMessage.Role.user ? ConversationRole.USER
                        : ConversationRole.ASSISTANT, message.content());
            }
        }
        return stream(ConverseStreamRequest.builder().modelId(route.modelId()).system(system).messages(messages)
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(route.maxAnswerTokens())
                        .temperature((float) route.temperature()).build())
                .build());
    }

    /** One token: it proves that the credentials, the model's access and the model itself answer. */
    @Override
    public Uni<Void> probe(ModelRoute route) {
        return stream(ConverseStreamRequest.builder().modelId(route.modelId())
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Reply with OK.")).build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(1).temperature(0f).build())
                .build())
                .collect().last().replaceWithVoid();
    }

    /**
     * Adds a prompt message in Converse's shape: a conversation starts with the user and alternates, so a
     * history that begins with an answer loses it, and two messages of one role in a row (a question whose
     * answer failed, then the next) become one message of two blocks.
     */
    private static void append(List<Message> messages, ConversationRole role, String text) {
        if (messages.isEmpty() && role == ConversationRole.ASSISTANT) {
            return;
        }
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.role() == role) {
            List<ContentBlock> blocks = new ArrayList<>(last.content());
            blocks.add(ContentBlock.fromText(text));
            messages.set(messages.size() - 1, last.toBuilder().content(blocks).build());
        } else {
            messages.add(Message.builder().role(role).content(ContentBlock.fromText(text)).build());
        }
    }

    private Multi<GenerationEvent> stream(ConverseStreamRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            BedrockStream stream = new BedrockStream(emitter);
            AtomicReference<CompletableFuture<Void>> call = new AtomicReference<>();
            // Before the response, only cancelling the SDK's call aborts the request; once the event stream
            // is subscribed, cancelling the subscription closes it.
            Runnable stop = () -> {
                stream.cancel();
                CompletableFuture<Void> started = call.get();
                if (started != null) {
                    started.cancel(true);
                }
            };
            emitter.onTermination(() -> {
                if (emitter.isCancelled()) {
                    stop.run();
                }
            });
            call.set(client.converseStream(request, stream.handler()));
            if (emitter.isCancelled()) {
                stop.run();
            }
        });
    }
}
