package io.ragchat.document.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApproximateTokenCounterTest {

    private final TokenCounter counter = new ApproximateTokenCounter();

    @Test
    void whitespaceIsFree() {
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(" \t\n\r\u00A0\u3000")).isZero();
        assertThat(counter.count("  word  ")).isEqualTo(counter.count("word"));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a|1",
        "abcd|1",
        "abcde|2",
        "tokenizer|3",
        "the cat sat|3",
        "2024|1",
        "Hello, world!|6",
        "foo.bar()|5",
        "x=1;|4",
    })
    void wordRunsCostOneTokenPerFourCharactersAndSymbolsOneEach(String text, int expected) {
        assertThat(counter.count(text)).isEqualTo(expected);
    }

    @Test
    void cjkCharactersCostOneEachWithoutSpaces() {
        assertThat(counter.count("你好世界")).isEqualTo(4);
        assertThat(counter.count("こんにちは")).isEqualTo(5);
        assertThat(counter.count("한국어")).isEqualTo(3);
        assertThat(counter.count("I love 北京")).isEqualTo(4);
    }

    @Test
    void supplementaryCharactersCountOnceNotPerSurrogate() {
        assertThat(counter.count("😀")).isEqualTo(1);
        assertThat(counter.count("😀😀")).isEqualTo(2);
        assertThat(counter.count("𝒳𝒴")).isEqualTo(1); // mathematical letters: one run of two letters
        assertThat(counter.count("𠀀")).isEqualTo(1); // CJK extension B ideograph
    }

    @Test
    void combiningMarksLengthenTheirRunInsteadOfCountingAsSymbols() {
        assertThat(counter.count("e\u0301")).isEqualTo(1);
        assertThat(counter.count("cafe\u0301")).isEqualTo(counter.count("cafes"));
        assertThat(counter.count("👍\uFE0F")).isEqualTo(1); // variation selector adds nothing to an emoji
    }

    @Test
    void loneSurrogatesCountAsSymbolsInsteadOfFailing() {
        assertThat(counter.count("\uD83D")).isEqualTo(1);
        assertThat(counter.count("a\uDE00b")).isEqualTo(3);
    }

    @Test
    void rangeCountEqualsCountOfTheSubstring() {
        Random random = new Random(7);
        String text = "Die Straße, 3.14 € — 你好 😀 e\u0301! foo_bar(42) ";
        for (int trial = 0; trial < 500; trial++) {
            int start = random.nextInt(text.length() + 1);
            int end = start + random.nextInt(text.length() - start + 1);
            assertThat(counter.count(text, start, end))
                    .as("[%d, %d)", start, end)
                    .isEqualTo(counter.count(text.substring(start, end)));
        }
    }

    @Test
    void prefixesNeverCountMoreThanTheWholeText() {
        Random random = new Random(11);
        String alphabet = "ab1 .,\n你😀\u0301";
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            int previous = 0;
            for (int end = 0; end <= text.length(); end++) {
                int count = counter.count(text.toString(), 0, end);
                assertThat(count).as("prefix %d of %s", end, text).isGreaterThanOrEqualTo(previous);
                previous = count;
            }
        }
    }

    @Test
    void rejectsRangesOutsideTheText() {
        assertThatThrownBy(() -> counter.count("abc", 2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> counter.count("abc", 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
