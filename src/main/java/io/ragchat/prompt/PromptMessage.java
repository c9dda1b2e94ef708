package io.ragchat.prompt;

/** One message of a chat prompt. */
public record PromptMessage(Role role, String content) {

    public enum Role {
        system,
        user,
        assistant
    }
}
