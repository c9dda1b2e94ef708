package io.ragchat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.ragchat.chat.service.ChatEvent;
import io.ragchat.history.service.SourceRef;
import io.ragchat.openai.rest.ChatCompletion;
import io.ragchat.openai.rest.ChatCompletionChunk;
import io.ragchat.openai.rest.Grounding;
import io.ragchat.openai.rest.ModelList;
import io.ragchat.openai.rest.Usage;
import io.ragchat.problem.OpenAiError;
import io.ragchat.problem.Problem;

/**
 * Payloads that ragchat writes with its own ObjectMapper (SSE events, OpenAI stream chunks, stored
 * sources) or inside a {@code Response}: Quarkus registers the types of resource signatures for
 * reflection in a native executable, but cannot see these, so they are named here.
 */
@RegisterForReflection(targets = {
        ChatEvent.Meta.class, ChatEvent.Status.class, ChatEvent.Token.class, ChatEvent.Done.class,
        SourceRef.class, Problem.class, Problem.Violation.class,
        ChatCompletion.class, ChatCompletion.Choice.class, ChatCompletion.Message.class,
        ChatCompletionChunk.class, ChatCompletionChunk.Choice.class, ChatCompletionChunk.Delta.class,
        Grounding.class, ModelList.class, ModelList.Model.class, ModelList.Backend.class,
        OpenAiError.class, OpenAiError.Body.class, Usage.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
