package io.ragchat.testing.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simulated model's answer: deterministic, and made of the prompt's own words so that a test can
 * assert what reached the model (grounding) by looking at what came back.
 *
 * <p>The answer is the words of the question (last user message), then the words of the other messages
 * (system prompt, retrieved context, history) in order, repeated from the start when more tokens are
 * needed. Each word is one token carrying its leading space, as BPE tokens do ({@code "Hello"},
 * {@code " world"}). Every {@code newlineEvery}-th token is a bare {@code "\n"} (and the word after it has
 * no leading space), so a client that frames lines or events naively breaks visibly.
 */
final class EchoAnswer {

    /** Said when the prompt has no words at all. */
    private static final List<String> NO_WORDS = List.of("Nothing", "to", "answer.");

    private EchoAnswer() {
    }

    static List<String> tokens(Prompt prompt, int count, int newlineEvery) {
        List<String> words = words(prompt);
        List<String> tokens = new ArrayList<>(count);
        int nextWord = 0;
        boolean lineStart = true;
        while (tokens.size() < count) {
            if (newlineEvery > 0 && (tokens.size() + 1) % newlineEvery == 0) {
                tokens.add("\n");
                lineStart = true;
                continue;
            }
            String word = words.get(nextWord++ % words.size());
            tokens.add(lineStart ? word : " " + word);
            lineStart = false;
        }
        return tokens;
    }

    private static List<String> words(Prompt prompt) {
        List<String> words = new ArrayList<>(split(prompt.question()));
        prompt.otherTexts().forEach(text -> words.addAll(split(text)));
        return words.isEmpty() ? NO_WORDS : words;
    }

    private static List<String> split(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
