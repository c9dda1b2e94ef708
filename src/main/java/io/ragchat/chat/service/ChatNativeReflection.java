package io.ragchat.chat.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SSE events, which ragchat writes with its own ObjectMapper: Quarkus registers the types of resource
 * signatures for reflection in a native executable, but cannot see these, so they are named here.
 */
@RegisterForReflection(targets = { ChatEvent.Meta.class, ChatEvent.Status.class, ChatEvent.Token.class,
        ChatEvent.Done.class })
final class ChatNativeReflection {

    private ChatNativeReflection() {
    }
}
