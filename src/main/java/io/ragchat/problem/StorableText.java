package io.ragchat.problem;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Text PostgreSQL can store: its text and jsonb cannot hold U+0000, and an unpaired surrogate (which a JSON
 * string's escapes can produce) is no character at all and fails the database's UTF-8 check. Either
 * anywhere in what a request asks to store (or to match against stored JSON) would fail in the database
 * after the request was accepted, losing the answer's history; refused up front instead.
 */
public final class StorableText {

    /** What is wrong with a value that cannot be stored, after the name of its field. */
    public static final String UNSTORABLE = "must be Unicode text without NUL characters (U+0000) or unpaired surrogates";

    private StorableText() {
    }

    /** Refuses {@code value} (a string, or JSON-like maps and lists of them) if any string in it cannot be stored. */
    public static void require(String field, Object value) {
        if (!isStorable(value)) {
            throw ProblemException.badRequest(field + ": " + UNSTORABLE);
        }
    }

    /** Whether every string in {@code value} (a string, or JSON-like maps and lists of them) can be stored. */
    public static boolean isStorable(Object value) {
        return !unstorable(value);
    }

    /** Walks the value with a stack of its own: JSON nested a thousand deep would overflow the thread's. */
    private static boolean unstorable(Object value) {
        Deque<Object> pending = new ArrayDeque<>();
        push(pending, value);
        while (!pending.isEmpty()) {
            switch (pending.pop()) {
                case String text when unstorable(text) -> {
                    return true;
                }
                case Map<?, ?> map -> map.forEach((key, item) -> {
                    push(pending, key);
                    push(pending, item);
                });
                case Collection<?> items -> items.forEach(item -> push(pending, item));
                default -> {
                }
            }
        }
        return false;
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }

    private static boolean unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one supplementary character
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
