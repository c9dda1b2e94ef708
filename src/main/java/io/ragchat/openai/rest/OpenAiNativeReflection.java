package io.ragchat.openai.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The OpenAI payloads, which ragchat writes with its own ObjectMapper (stream chunks) or inside a
 * {@code Response}: Quarkus registers the types of resource signatures for reflection in a native executable,
 * but cannot see these, so they are named here.
 */
@RegisterForReflection(targets = {
        ChatCompletion.class, ChatCompletion.Choice.class, ChatCompletion.Message.class,
        ChatCompletionChunk.class, ChatCompletionChunk.Choice.class, ChatCompletionChunk.Delta.class,
        Grounding.class, ModelList.class, ModelList.Model.class, ModelList.Backend.class, Usage.class })
final class OpenAiNativeReflection {

    private OpenAiNativeReflection() {
    }
}
