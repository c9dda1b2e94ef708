package io.ragchat.testing.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted answer ({@link SimulatorProfile#scriptedAnswer()}) cut into tokens the way a model streams
 * it: each word with the whitespace before it, newlines included, so that the tokens joined give back
 * the text exactly and a client sees Markdown arrive a piece at a time.
 */
final class ScriptedAnswer {

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+$");

    private ScriptedAnswer() {
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return List.copyOf(tokens);
    }
}
