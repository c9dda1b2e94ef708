package io.ragchat.testing.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * The text a request gives the model, as the simulator needs it: how long it is (to pace prefill) and
 * which words the echoed answer is made of.
 *
 * @param question the last user message (or the last message when no message is from the user)
 * @param otherTexts every other message's text, in order (system prompt, retrieved context, history)
 */
record Prompt(String question, List<String> otherTexts) {

    /** One chat message; {@code content} is its text with any non-text parts dropped. */
    record Message(String role, String content) {
    }

    Prompt {
        otherTexts = List.copyOf(otherTexts);
    }

    static Prompt ofMessages(List<Message> messages) {
        int questionAt = messages.size() - 1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                questionAt = i;
                break;
            }
        }
        List<String> others = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (i != questionAt) {
                others.add(messages.get(i).content());
            }
        }
        return new Prompt(questionAt < 0 ? "" : messages.get(questionAt).content(), others);
    }

    /**
     * Prompt length in tokens, estimated as characters / 4 (the usual rule of thumb for English with
     * BPE tokenizers), at least 1 because a real template always adds a few tokens.
     */
    int estimatedTokens() {
        long chars = question.length();
        for (String text : otherTexts) {
            chars += text.length();
        }
        return estimateTokens(chars);
    }

    static int estimateTokens(long chars) {
        return (int) Math.max(1, (chars + 3) / 4);
    }
}
