package io.ragchat.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The questions ({@code questions*.jsonl}) and follow-up pairs ({@code followups*.jsonl}) of a folder, one JSON
 * object a line, each naming the page that answers it, and their split into halves.
 */
record QuestionSet(List<Question> questions, List<FollowUp> followUps) {

    static final String SPLIT_RULE = "sorted by id; even positions (0, 2, 4, …) tune, odd positions (1, 3, 5, …) "
            + "are held out; questions and follow-up pairs are split separately";

    /** A question and the page (its path relative to the HTML folder) that answers it. */
    record Question(String id, String page, String question, String level) {
    }

    /**
     * A follow-up pair: {@code first} (answered by {@code firstPage}) opens a conversation, {@code followUp}
     * continues it and is answered by {@code page}; {@code standalone} is the follow-up asked on its own.
     */
    record FollowUp(String id, String page, String first, String firstPage, String followUp, String standalone) {
    }

    static QuestionSet load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no question folder " + folder);
        }
        List<Question> questions = read(folder, "questions", o -> new Question(required(o, "id"), required(o, "page"),
                required(o, "question"), o.getString("level", "")));
        List<FollowUp> followUps = read(folder, "followups", o -> new FollowUp(required(o, "id"), required(o, "page"),
                required(o, "first"), required(o, "firstPage"), required(o, "followUp"), required(o, "standalone")));
        unique(questions.stream().map(Question::id).toList(), "question");
        unique(followUps.stream().map(FollowUp::id).toList(), "follow-up");
        return new QuestionSet(questions.stream().sorted(Comparator.comparing(Question::id)).toList(),
                followUps.stream().sorted(Comparator.comparing(FollowUp::id)).toList());
    }

    QuestionSet half(EvalOptions.Half half) {
        return new QuestionSet(half(questions, half), half(followUps, half));
    }

    /** The first {@code questions} questions and {@code pairs} follow-up pairs, by id. */
    QuestionSet first(int questions, int pairs) {
        return new QuestionSet(this.questions.stream().limit(questions).toList(), followUps.stream().limit(pairs).toList());
    }

    /** Every page a question or pair points at. */
    Set<String> pages() {
        Set<String> pages = new HashSet<>();
        questions.forEach(q -> pages.add(q.page()));
        followUps.forEach(f -> {
            pages.add(f.page());
            pages.add(f.firstPage());
        });
        return pages;
    }

    /** Position i of the id-sorted list is tune when i is even, held out when it is odd. */
    static <T> List<T> half(List<T> sortedById, EvalOptions.Half half) {
        return switch (half) {
            case ALL -> sortedById;
            case TUNE -> IntStream.range(0, sortedById.size()).filter(i -> i % 2 == 0).mapToObj(sortedById::get).toList();
            case HELD_OUT -> IntStream.range(0, sortedById.size()).filter(i -> i % 2 == 1).mapToObj(sortedById::get).toList();
        };
    }

    private static <T> List<T> read(Path folder, String prefix, Function<JsonObject, T> parse) {
        List<T> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    try {
                        items.add(parse.apply(new JsonObject(line)));
                    } catch (DecodeException | IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    private static String required(JsonObject object, String field) {
        Object value = object.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a text");
        }
        return s.strip();
    }

    private static void unique(List<String> ids, String kind) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("two " + kind + "s have the id " + id);
            }
        }
    }
}
