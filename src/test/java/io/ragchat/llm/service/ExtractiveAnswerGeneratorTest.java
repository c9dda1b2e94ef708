package io.ragchat.llm.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ragchat.prompt.Prompt;
import io.ragchat.prompt.PromptMessage;
import io.ragchat.retrieval.service.RetrievedChunk;

class ExtractiveAnswerGeneratorTest {

    private final ExtractiveAnswerGenerator generator = new ExtractiveAnswerGenerator();

    @Test
    void quotesTheSentencesThatShareTheQuestionsWordsWithTheirSourceNumbers() {
        List<RetrievedChunk> sources = List.of(
                chunk("Our office is in Lyon. Parking is free for visitors on weekdays.", 0.8),
                chunk("The cafeteria opens at noon. Visitors must sign in at reception.", 0.6));

        String answer = ExtractiveAnswerGenerator.answer("Where do visitors park?", sources);

        assertThat(answer).contains("Parking is free for visitors on weekdays. [1]");
        assertThat(answer).contains("Visitors must sign in at reception. [2]");
        assertThat(answer.split("\\[\\d]")).hasSizeLessThanOrEqualTo(ExtractiveAnswerGenerator.MAX_SENTENCES + 1);
    }

    @Test
    void listItemsAndTableRowsAreQuotedOneByOneWithoutTheirMarkup() {
        List<RetrievedChunk> sources = List.of(chunk("""
                - Kettles boil water
                - Toasters brown bread
                | `ragchat.toast.level` | `3` | how brown the bread gets |
                """, 0.8));

        String answer = ExtractiveAnswerGenerator.answer("How brown does the bread get?", sources);

        assertThat(answer).startsWith("Toasters brown bread [1]").contains("ragchat.toast.level 3 how brown the bread gets [1]")
                .doesNotContain("|").doesNotContain("`").doesNotContain("- ");
    }

    @Test
    void saysSoWhenNothingWasFound() {
        assertThat(ExtractiveAnswerGenerator.answer("Anything?", List.of())).contains("found nothing");
    }

    @Test
    void streamsTheAnswerAsSeveralTokensThenCompletes() {
        RetrievedChunk source = chunk("Refunds take five business days to reach your card.", 0.9);
        Prompt prompt = new Prompt(List.of(new PromptMessage(PromptMessage.Role.user,
                "Sources: ...\n\nQuestion: How long do refunds take?")), List.of(source), 42);

        List<GenerationEvent> events = generator.generate(prompt, new ModelRoute(ModelRoute.FAST, "extractive", 512, 0.2, 4096)).collect().asList().await().indefinitely();

        assertThat(events.stream().filter(e -> e instanceof GenerationEvent.Token)).hasSizeGreaterThan(3);
        assertThat(events.get(events.size() - 1)).isInstanceOf(GenerationEvent.Completed.class);
        String text = events.stream().filter(e -> e instanceof GenerationEvent.Token)
                .map(e -> ((GenerationEvent.Token) e).text()).reduce("", String::concat);
        assertThat(text).isEqualTo("Refunds take five business days to reach your card. [1]");
    }

    private static RetrievedChunk chunk(String content, double score) {
        return new RetrievedChunk(1, UUID.randomUUID(), "Doc", "", content, score, null);
    }
}
