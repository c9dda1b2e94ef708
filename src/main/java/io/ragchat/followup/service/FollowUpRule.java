package io.ragchat.followup.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.ragchat.history.service.HistoryMessage;

/**
 * The cheap standalone query: a question that refers back ("and what is its default?", "why?") is searched
 * together with the earlier user questions it refers to; any other question is searched as asked.
 *
 * <p>
 * Why this rule: the earlier <em>questions</em> name the subject in the user's own words, are short, and
 * embed close to the pages that were found for them, so joining them moves the follow-up's vector back to
 * that subject. The earlier <em>answers</em> are left out: they are long, and a model's wording (or its
 * quotes of several sources) would outweigh the follow-up's few words. A question that shows no sign of
 * referring back (no pronoun such as "it" or "they", no opening "and"/"what about", more than three
 * words) is taken to stand alone and is not joined with anything, so changing the subject mid-conversation
 * searches the new subject only.
 */
public final class FollowUpRule {

    /** Words that point at something said before. */
    private static final Set<String> REFERRING = Set.of("it", "its", "they", "them", "their", "theirs", "this",
            "that", "these", "those", "he", "him", "his", "she", "her", "there", "same", "such", "former",
            "latter", "else", "also", "too", "another", "other", "others", "one", "ones");
    /** Openings that continue the previous question. */
    private static final Set<String> CONTINUING = Set.of("and", "but", "or", "so", "then", "about");
    private static final Set<String> CONTINUING_PAIRS = Set.of("what about", "how about");
    /** A question this short ("why?", "and python?", "any example?") cannot carry its own subject. */
    private static final int SHORT_WORDS = 3;

    private FollowUpRule() {
    }

    /**
     * The text to search for {@code question}, given the conversation so far (oldest first): the question
     * alone, or the last {@code earlierQuestions} user questions, oldest first, followed by it.
     */
    public static String query(String question, List<HistoryMessage> earlier, int earlierQuestions) {
        List<String> previous = earlierQuestions(earlier, earlierQuestions);
        if (previous.isEmpty() || !refersBack(question)) {
            return question;
        }
        List<String> parts = new ArrayList<>(previous);
        parts.add(question);
        return String.join("\n", parts);
    }

    /** Whether the question needs the conversation to be understood. */
    public static boolean refersBack(String question) {
        List<String> words = Arrays.stream(question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty()).toList();
        if (words.size() <= SHORT_WORDS) {
            return true;
        }
        if (CONTINUING.contains(words.get(0)) || CONTINUING_PAIRS.contains(words.get(0) + " " + words.get(1))) {
            return true;
        }
        return words.stream().anyMatch(REFERRING::contains);
    }

    /** The last {@code count} user questions, oldest first. */
    static List<String> earlierQuestions(List<HistoryMessage> earlier, int count) {
        List<String> questions = new ArrayList<>();
        for (int i = earlier.size() - 1; i >= 0 && questions.size() < count; i--) {
            if ("user".equals(earlier.get(i).role())) {
                questions.addFirst(earlier.get(i).content().strip());
            }
        }
        return questions;
    }
}
