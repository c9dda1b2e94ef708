package io.ragchat.document.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkTrimmerTest {

    private final TokenCounter counter = new ApproximateTokenCounter();
    private final ChunkTrimmer trimmer = new ChunkTrimmer(counter);

    @Test
    void returnsTextThatFitsUnchanged() {
        String text = "  Short text, kept as is.  ";
        assertThat(trimmer.truncate(text, counter.count(text))).isSameAs(text);
    }

    @Test
    void cutsAfterTheLastSentenceThatFits() {
        String text = "First point here. Second point there! Third point is much longer than the rest.";
        int twoSentences = counter.count("First point here. Second point there!");

        assertThat(trimmer.truncate(text, twoSentences)).isEqualTo("First point here. Second point there!");
        assertThat(trimmer.truncate(text, twoSentences + 3)).isEqualTo("First point here. Second point there!");
        assertThat(trimmer.truncate(text, twoSentences - 1)).isEqualTo("First point here.");
    }

    @Test
    void doesNotTreatAbbreviationsOrDecimalsAsSentenceEnds() {
        String text = "Dr. Smith arrived at 3.14 pm. Then he left.";
        // One token short of the first sentence: the earlier dots of "Dr." and "3.14" must not count as
        // sentence ends, so the trimmer falls back to the last whole word that fits.
        int firstSentence = counter.count("Dr. Smith arrived at 3.14 pm.");

        assertThat(trimmer.truncate(text, firstSentence)).isEqualTo("Dr. Smith arrived at 3.14 pm.");
        // A word is whitespace-delimited, so "pm." is not cut into "pm".
        assertThat(trimmer.truncate(text, firstSentence - 1)).isEqualTo("Dr. Smith arrived at 3.14");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e.g.", "i.e.", "Dr.", "Mrs.", "vs.", "et al.", "J."})
    void neverEndsAtAnAbbreviation(String abbreviation) {
        String text = "Ask " + abbreviation + " Smith about the release notes. Then continue.";
        int budget = counter.count("Ask " + abbreviation + " Smith about the release notes.") - 1;

        assertThat(trimmer.truncate(text, budget))
                .isEqualTo("Ask " + abbreviation + " Smith about the release");
    }

    @Test
    void fallsBackToAWordBoundaryWhenNoSentenceFits() {
        assertThat(trimmer.truncate("alpha beta gamma delta", 3)).isEqualTo("alpha beta");
    }

    @Test
    void cutsCjkTextAfterFullWidthTerminators() {
        assertThat(trimmer.truncate("你好。世界很大。", 3)).isEqualTo("你好。");
        assertThat(trimmer.truncate("你好世界很大", 3)).isEqualTo("你好世");
    }

    @Test
    void cutsASingleLongWordAtACharacterBoundary() {
        assertThat(trimmer.truncate("a".repeat(100), 5)).isEqualTo("a".repeat(20));
    }

    @Test
    void neverSplitsSurrogatePairsOrCombiningSequences() {
        assertThat(trimmer.truncate("😀".repeat(10), 3)).isEqualTo("😀😀😀");

        // One run of 81 code points; 5 tokens buy 20 of them, which ends between an 'e' and its accent.
        String decomposed = "x" + "e\u0301".repeat(40);
        assertThat(trimmer.truncate(decomposed, 5)).isEqualTo("x" + "e\u0301".repeat(9));
    }

    @Test
    void zeroBudgetLeavesNothing() {
        assertThat(trimmer.truncate("Anything at all.", 0)).isEmpty();
        assertThatThrownBy(() -> trimmer.truncate("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultIsAlwaysAPrefixWithinBudget() {
        Random random = new Random(42);
        String[] words = {"alpha", "be", "gamma-ray", "3.14", "e.g.", "Dr.", "你好", "😀", "end.", "why?", "x\u0301"};
        for (int trial = 0; trial < 300; trial++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(5) == 0 ? "\n" : " ");
            }
            int budget = random.nextInt(40);
            String cut = trimmer.truncate(text.toString(), budget);

            assertThat(text.toString()).startsWith(cut);
            assertThat(counter.count(cut)).isLessThanOrEqualTo(budget);
            if (counter.count(text.toString()) > budget) {
                assertThat(cut).isEqualTo(cut.strip());
            }
            assertThat(ChunkInvariants.hasLoneSurrogate(cut)).isFalse();
        }
    }
}
