package io.ragchat.llm.service;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.llm.config.LlmConfig;
import io.ragchat.prompt.Prompt;
import io.ragchat.retrieval.service.RetrievedChunk;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The answer when no language model is configured: the retrieved sentences that share the most words
 * with the question, quoted with their source numbers, in source order. It never pretends to be a model:
 * clients are told so in the stream's {@code meta} event.
 */
@ApplicationScoped
public class ExtractiveAnswerGenerator implements AnswerGenerator {

    static final int MAX_SENTENCES = 3;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");
    /** Markdown that carries no words: list bullets, heading marks, table bars, emphasis. */
    private static final Pattern MARKUP = Pattern.compile("^\\s*(?:[-*+>]|#+|\\d+\\.)\\s+|\\||\\*\\*|`");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "do", "does",
            "for", "from", "how", "i", "in", "is", "it", "of", "on", "or", "the", "to", "what", "when", "where",
            "which", "who", "why", "with", "can", "my", "you", "your", "this", "that");

    @Override
    public String provider() {
        return LlmConfig.Provider.extractive.name();
    }

    @Override
    public String defaultModel() {
        return "extractive";
    }

    @Override
    public boolean hasModels() {
        return false;
    }

    @Override
    public String note() {
        return "No language model is configured: the answer quotes the most relevant sentences of the sources.";
    }

    @Override
    public Multi<GenerationEvent> generate(Prompt prompt, ModelRoute route) {
        String question = prompt.messages().get(prompt.messages().size() - 1).content();
        String answer = answer(questionOf(question), prompt.sources());
        List<GenerationEvent> events = new ArrayList<>();
        TOKEN.matcher(answer).results().forEach(m -> events.add(new GenerationEvent.Token(m.group())));
        events.add(new GenerationEvent.Completed(prompt.tokens(), events.size()));
        return Multi.createFrom().iterable(events);
    }

    @Override
    public Uni<Void> probe(ModelRoute route) {
        return Uni.createFrom().voidItem();
    }

    static String answer(String question, List<RetrievedChunk> sources) {
        if (sources.isEmpty()) {
            return "I found nothing in the documents about this.";
        }
        Set<String> asked = words(question);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            for (String sentence : sentences(sources.get(i).content())) {
                Set<String> said = words(sentence);
                said.retainAll(asked);
                quotes.add(new Quote(i + 1, quotes.size(), sentence, said.size(), said.size() + sources.get(i).score()));
            }
        }
        // Sentences that share no word with the question are quoted only when no sentence does.
        boolean anyShared = quotes.stream().anyMatch(q -> q.sharedWords() > 0);
        List<Quote> best = quotes.stream().filter(q -> !anyShared || q.sharedWords() > 0)
                .sorted(Comparator.comparingDouble(Quote::relevance).reversed())
                .limit(MAX_SENTENCES)
                .sorted(Comparator.comparingInt(Quote::order))
                .toList();
        StringBuilder text = new StringBuilder();
        for (Quote quote : best) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(quote.sentence()).append(" [").append(quote.source()).append(']');
        }
        return text.toString();
    }

    /** The prompt's last message ends with the question; the sources come before it. */
    private static String questionOf(String lastMessage) {
        int at = lastMessage.lastIndexOf("Question: ");
        return at < 0 ? lastMessage : lastMessage.substring(at + "Question: ".length());
    }

    /**
     * Sentences, taking each line on its own first: list items, table rows and headings have no full
     * stop, and would otherwise run together into one long "sentence".
     */
    private static List<String> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        List<String> sentences = new ArrayList<>();
        for (String line : text.split("\n")) {
            String plain = MARKUP.matcher(line).replaceAll(" ").replaceAll("\\s+", " ").strip();
            if (WORD.matcher(plain).find()) {
                iterator.setText(plain);
                for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
                        start = end, end = iterator.next()) {
                    String sentence = plain.substring(start, end).strip();
                    if (!sentence.isEmpty()) {
                        sentences.add(sentence);
                    }
                }
            }
        }
        return sentences;
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group())
                .filter(w -> !STOP_WORDS.contains(w))
                .forEach(words::add);
        return words;
    }

    private record Quote(int source, int order, String sentence, int sharedWords, double relevance) {
    }
}
