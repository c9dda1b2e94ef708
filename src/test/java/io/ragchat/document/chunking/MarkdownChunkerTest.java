package io.ragchat.document.chunking;

import static io.ragchat.document.chunking.ChunkInvariants.coveredContent;
import static io.ragchat.document.chunking.ChunkInvariants.hasLoneSurrogate;
import static io.ragchat.document.chunking.ChunkInvariants.withoutWhitespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownChunkerTest {

    private static final TokenCounter COUNTER = new ApproximateTokenCounter();

    private static MarkdownChunker chunker(int maxTokens, int overlapTokens) {
        return new MarkdownChunker(new ChunkingOptions(maxTokens, overlapTokens), COUNTER);
    }

    private static List<String> texts(List<Chunk> chunks) {
        return chunks.stream().map(Chunk::text).toList();
    }

    @Nested
    class Options {

        @Test
        void defaultsAre256TokensWith32Overlap() {
            assertThat(ChunkingOptions.defaults()).isEqualTo(new ChunkingOptions(256, 32));
            assertThat(ChunkingOptions.DEFAULT_MAX_TOKENS).isEqualTo(256);
            assertThat(ChunkingOptions.DEFAULT_OVERLAP_TOKENS).isEqualTo(32);
        }

        @Test
        void rejectsBudgetsThatCannotMakeProgress() {
            assertThatThrownBy(() -> new ChunkingOptions(0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ChunkingOptions(10, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ChunkingOptions(10, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Structure {

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\n\r\n\t  \n", "# Only a title\n## And a subtitle\n"})
        void inputWithoutContentGivesNoChunks(String document) {
            assertThat(new MarkdownChunker().chunk(document)).isEmpty();
        }

        @Test
        void neverMergesAcrossHeadingsAndCarriesTheHeadingPath() {
            String document = """
                    Preamble before any heading.
                    # Install
                    Intro text.
                    ## Linux
                    Run apt.
                    ## Mac
                    Run brew.
                    # Usage
                    Call it.
                    """;

            assertThat(new MarkdownChunker().chunk(document))
                    .extracting(Chunk::headingPath, Chunk::text)
                    .containsExactly(
                            tuple("", "Preamble before any heading."),
                            tuple("Install", "Intro text."),
                            tuple("Install > Linux", "Run apt."),
                            tuple("Install > Mac", "Run brew."),
                            tuple("Usage", "Call it."));
        }

        @Test
        void headingPathSkipsMissingLevelsAndForgetsDeeperOnes() {
            String document = "# A\n### C\nDeep.\n## B\nMid.\n#### D\nDeeper.\n# E\nTop.";

            assertThat(new MarkdownChunker().chunk(document))
                    .extracting(Chunk::headingPath)
                    .containsExactly("A > C", "A > B", "A > B > D", "E");
        }

        @Test
        void hashesThatMakeNoHeadingStayText() {
            String document = """
                    ## Title ##
                    Body.
                    #hashtag is text
                    ####### seven hashes are text
                        # indented four spaces is text
                    # C#
                    Sharp.
                    """;

            List<Chunk> chunks = new MarkdownChunker().chunk(document);

            assertThat(chunks).extracting(Chunk::headingPath).containsExactly("Title", "C#");
            assertThat(chunks.get(0).text()).isEqualTo("""
                    Body.
                    #hashtag is text
                    ####### seven hashes are text
                        # indented four spaces is text""");
        }

        @Test
        void frontMatterIsTextOfTheFirstSectionNotAHeading() {
            String document = """
                    ---
                    title: Release notes
                    tags: [upgrade]
                    ---
                    Read before upgrading.

                    # Version 2
                    Breaking changes.
                    """;

            assertThat(new MarkdownChunker().chunk(document))
                    .extracting(Chunk::headingPath, Chunk::text)
                    .containsExactly(
                            tuple("", "---\ntitle: Release notes\ntags: [upgrade]\n---\nRead before upgrading."),
                            tuple("Version 2", "Breaking changes."));
        }

        @Test
        void underlinedTitlesAreHeadingsToo() {
            String document = """
                    Install
                    =======
                    Intro text.

                    Building from
                    the sources
                    -----------
                    Run make.
                    """;

            assertThat(new MarkdownChunker().chunk(document))
                    .extracting(Chunk::headingPath, Chunk::text)
                    .containsExactly(
                            tuple("Install", "Intro text."),
                            tuple("Install > Building from the sources", "Run make."));
        }

        @Test
        void hashLinesInsideAnHtmlPreBlockAreNotHeadings() {
            String pre = "<pre>\n# not a heading\n\n## nor this\n</pre>";

            List<Chunk> chunks = new MarkdownChunker().chunk("# Real heading\n" + pre + "\n");

            assertThat(chunks).extracting(Chunk::headingPath, Chunk::text).containsExactly(tuple("Real heading", pre));
        }

        @Test
        void aRuleAloneMakesNoChunk() {
            assertThat(new MarkdownChunker().chunk("***\n\n# Title\nBody.\n\n---\n"))
                    .extracting(Chunk::headingPath, Chunk::text)
                    .containsExactly(tuple("Title", "Body."));
        }

        @Test
        void aTableThatDoesNotFitIsCutBetweenRowsNotInsideACell() {
            List<String> rows = List.of(
                    "| Option | Meaning |",
                    "|---|---|",
                    "| -v | Verbose. Prints every step. |",
                    "| -q | Quiet. Prints only errors. |",
                    "| -n | Dry run. Changes nothing. |");
            String table = String.join("\n", rows);
            int maxTokens = rows.stream().mapToInt(COUNTER::count).max().orElseThrow();
            // Precondition: each cell's first sentence would fit alone, so a cut at sentences shows.
            assertThat(COUNTER.count(table)).isGreaterThan(maxTokens);

            List<Chunk> chunks = chunker(maxTokens, 0).chunk(table);

            assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk ->
                    assertThat(chunk.text().split("\n")).allSatisfy(line -> assertThat(rows).contains(line)));
            assertThat(String.join("\n", texts(chunks))).isEqualTo(table);
        }

        @ParameterizedTest
        @ValueSource(strings = {"```", "~~~", "````"})
        void hashLinesInsideFencedCodeAreNotHeadings(String fence) {
            String code = fence + "bash\n# not a heading\necho hi\n\n## also not a heading\n" + fence;
            String document = "# Real heading\n" + code + "\nAfter the fence.\n";

            List<Chunk> chunks = new MarkdownChunker().chunk(document);

            assertThat(chunks).extracting(Chunk::headingPath, Chunk::text)
                    .containsExactly(tuple("Real heading", code + "\nAfter the fence."));
        }

        @Test
        void keepsAFittingCodeBlockWholeInItsOwnChunk() {
            String code = "```python\ndef f(x):\n\n    # a comment, not a heading\n    return x * 2\n```";
            String document = "Some intro paragraph that talks about the function.\n\n" + code + "\n\nSome outro.";

            List<Chunk> chunks = chunker(COUNTER.count(code), 0).chunk(document);

            assertThat(texts(chunks)).containsExactly(
                    "Some intro paragraph that talks about the function.", code, "Some outro.");
        }

        @Test
        void anUnclosedFenceRunsToTheEnd() {
            List<Chunk> chunks = new MarkdownChunker().chunk("Intro.\n\n```\n# inside\ntext");

            assertThat(chunks).singleElement().satisfies(chunk -> {
                assertThat(chunk.headingPath()).isEmpty();
                assertThat(chunk.text()).isEqualTo("Intro.\n\n```\n# inside\ntext");
            });
        }

        @Test
        void plainTextIsSplitByParagraphs() {
            String first = "The first paragraph has a line\nthat wraps onto a second line.";
            String second = "The second paragraph is short.";
            String document = first + "\n\n" + second;

            assertThat(texts(new MarkdownChunker().chunk(document))).containsExactly(document);
            assertThat(texts(chunker(COUNTER.count(first), 0).chunk(document))).containsExactly(first, second);
        }
    }

    @Nested
    class Packing {

        @Test
        void keepsParagraphsWholeWhenTheyFit() {
            String first = "Alpha paragraph talks about apples and oranges at some length today.";
            String second = "Beta paragraph talks about bananas and cherries at some length too.";
            String third = "Gamma paragraph talks about grapes and melons at some length again.";
            int maxTokens = COUNTER.count(first + second) + 1; // two fit, three do not
            String document = first + "\n\n" + second + "\n\n" + third;

            assertThat(texts(chunker(maxTokens, 0).chunk(document)))
                    .containsExactly(first + "\n\n" + second, third);
        }

        @Test
        void splitsATooLongParagraphAtSentenceEnds() {
            List<String> sentences = IntStream.range(0, 12)
                    .mapToObj(i -> "Sentence number " + i + " describes one more small fact.")
                    .toList();
            String paragraph = String.join(" ", sentences);

            List<Chunk> chunks = chunker(30, 0).chunk(paragraph);

            assertThat(chunks).hasSizeGreaterThan(1);
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.text()).startsWith("Sentence number ").endsWith("fact.");
                assertThat(chunk.tokenCount()).isLessThanOrEqualTo(30);
            });
            assertThat(String.join(" ", texts(chunks))).isEqualTo(paragraph);
        }

        @ParameterizedTest
        @ValueSource(strings = {"e.g.", "i.e.", "Dr.", "Prof.", "vs.", "cf.", "J.", "3.14", "https://example.com/a.b?c=d"})
        void doesNotSplitAfterAbbreviationsInitialsDecimalsOrInsideUrls(String inner) {
            String shortSentence = "Short one.";
            String sentence = "Use " + inner + " ripgrep for searching code.";
            // The budget fits the sentence alone but not both; it would fit the short sentence plus
            // "Use <inner>" if that were a sentence of its own, so a false split shows as a moved cut.
            int maxTokens = COUNTER.count(sentence);
            assertThat(COUNTER.count(shortSentence + " Use " + inner)).isLessThanOrEqualTo(maxTokens);

            List<Chunk> chunks = chunker(maxTokens, 0).chunk(shortSentence + " " + sentence);

            assertThat(texts(chunks)).containsExactly(shortSentence, sentence);
        }

        @Test
        void splitsAfterTerminatorsFollowedByClosingQuotesOrBrackets() {
            List<String> sentences = List.of(
                    "He said \"stop.\"", "(This one is quoted too.)", "Is that really true?!", "And then it ends...");
            int maxTokens = sentences.stream().mapToInt(COUNTER::count).max().orElseThrow();
            for (int i = 1; i < sentences.size(); i++) {
                // Precondition: no two sentences fit together, so each chunk shows where a sentence was cut.
                assertThat(COUNTER.count(sentences.get(i - 1) + " " + sentences.get(i))).isGreaterThan(maxTokens);
            }

            List<Chunk> chunks = chunker(maxTokens, 0).chunk(String.join(" ", sentences));

            assertThat(texts(chunks)).containsExactlyElementsOf(sentences);
        }

        @Test
        void splitsCjkSentencesWithoutSpaces() {
            assertThat(texts(chunker(5, 0).chunk("第一句话。第二句话！第三句话？")))
                    .containsExactly("第一句话。", "第二句话！", "第三句话？");
        }

        @Test
        void splitsAListParagraphAtLinesNotAtItsNumbers() {
            String list = "1. Install the package first\n2. Configure the service next\n3. Start the service last";

            List<Chunk> chunks = chunker(COUNTER.count("1. Install the package first"), 0).chunk(list);

            assertThat(texts(chunks)).containsExactly(
                    "1. Install the package first", "2. Configure the service next", "3. Start the service last");
        }

        @Test
        void cutsALongSingleWordIntoPiecesThatFit() {
            String word = "x".repeat(10_000);

            List<Chunk> chunks = new MarkdownChunker().chunk(word);

            // 256 tokens buy 1024 letters of one run; no word boundary inside, hence no overlap.
            assertThat(chunks).hasSize(10);
            assertThat(String.join("", texts(chunks))).isEqualTo(word);
            assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.tokenCount()).isLessThanOrEqualTo(256));
            for (int i = 1; i < chunks.size(); i++) {
                assertThat(chunks.get(i).startOffset()).isEqualTo(chunks.get(i - 1).endOffset());
            }
        }

        @Test
        void verifiesTheRealCountWhenACounterIsNotAdditive() {
            // Charges 10 extra tokens for a paragraph break, so summed unit counts underestimate any slice
            // that spans two paragraphs: both packing more paragraphs and adding an overlap must back off.
            TokenCounter counter = text -> withoutWhitespace(text).length() + (text.contains("\n\n") ? 10 : 0);
            String document = "aaaa bbbbbbb\n\ncccc ddddddd\n\neeee fffffff";

            List<Chunk> chunks = new MarkdownChunker(new ChunkingOptions(25, 8), counter).chunk(document);

            assertThat(chunks).extracting(Chunk::text, Chunk::tokenCount).containsExactly(
                    tuple("aaaa bbbbbbb", 11), tuple("cccc ddddddd", 11), tuple("eeee fffffff", 11));
        }
    }

    @Nested
    class Overlap {

        private static final String[] SENTENCES = {
            "Cats sleep a lot.", "Dogs bark at night.", "Birds sing at dawn.", "Fish swim in schools.",
            "Cows eat the grass.", "Bees make sweet honey.", "Owls hunt in the dark."
        };

        private static String sentences(int count) {
            return IntStream.range(0, count).mapToObj(i -> SENTENCES[i % SENTENCES.length]).collect(Collectors.joining(" "));
        }

        @Test
        void repeatsWholeSentencesFromThePreviousChunkEnd() {
            String document = sentences(40);

            List<Chunk> chunks = chunker(40, 12).chunk(document);

            assertThat(chunks).hasSizeGreaterThan(3);
            for (int i = 1; i < chunks.size(); i++) {
                Chunk previous = chunks.get(i - 1);
                Chunk chunk = chunks.get(i);
                assertThat(chunk.startOffset()).as("overlap present").isLessThan(previous.endOffset());
                String overlap = document.substring(chunk.startOffset(), previous.endOffset());
                assertThat(COUNTER.count(overlap)).isBetween(1, 12);
                assertThat(previous.text()).endsWith(overlap);
                assertThat(chunk.text()).startsWith(overlap);
                assertThat(document.substring(0, chunk.startOffset())).as("overlap starts a sentence").endsWith(". ");
            }
            ChunkInvariants.assertHold(document, chunks, new ChunkingOptions(40, 12), COUNTER);
        }

        @Test
        void fallsBackToAWordBoundaryInsideALongSentence() {
            String document = GeneratedDocument.words(new Random(3), 300);

            List<Chunk> chunks = chunker(40, 10).chunk(document);

            assertThat(chunks).hasSizeGreaterThan(3);
            for (int i = 1; i < chunks.size(); i++) {
                Chunk previous = chunks.get(i - 1);
                int start = chunks.get(i).startOffset();
                assertThat(start).as("overlap present").isLessThan(previous.endOffset());
                assertThat(document.charAt(start - 1)).as("overlap starts a word").isEqualTo(' ');
                assertThat(COUNTER.count(document.substring(start, previous.endOffset()))).isBetween(1, 10);
            }
        }

        @Test
        void worksInCjkTextWithoutSpaces() {
            String document = "中文没有空格所以每个汉字都可以作为切分点".repeat(10);

            List<Chunk> chunks = chunker(40, 8).chunk(document);

            assertThat(chunks).hasSizeGreaterThan(3);
            for (int i = 1; i < chunks.size(); i++) {
                int overlapTokens = COUNTER.count(document.substring(chunks.get(i).startOffset(), chunks.get(i - 1).endOffset()));
                assertThat(overlapTokens).as("overlap present").isBetween(1, 8);
            }
            ChunkInvariants.assertHold(document, chunks, new ChunkingOptions(40, 8), COUNTER);
        }

        @Test
        void neverReachesBackAcrossAHeading() {
            String first = sentences(20);
            String document = "# First\n" + first + "\n# Second\n" + sentences(20);

            List<Chunk> chunks = chunker(40, 12).chunk(document);

            Chunk firstOfSecond = chunks.stream().filter(c -> c.headingPath().equals("Second")).findFirst().orElseThrow();
            assertThat(firstOfSecond.startOffset()).isEqualTo(document.indexOf("# Second") + "# Second\n".length());
            Chunk lastOfFirst = chunks.get(firstOfSecond.index() - 1);
            assertThat(lastOfFirst.text()).endsWith(first.substring(first.length() - 20));
        }
    }

    @Nested
    class UnicodeAndOffsets {

        @Test
        void offsetsPointIntoTheOriginalWindowsText() {
            String document = "# Title\r\n\r\nFirst line\r\nsecond line.\r\n\r\n" + "Word ".repeat(200) + "end.\r\n";

            List<Chunk> chunks = chunker(50, 8).chunk(document);

            assertThat(chunks).hasSizeGreaterThan(2);
            assertThat(chunks.get(0).text()).startsWith("First line\nsecond line.\n\nWord ");
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.text()).doesNotContain("\r");
                assertThat(document.substring(chunk.startOffset(), chunk.endOffset()).replace("\r\n", "\n"))
                        .isEqualTo(chunk.text());
                assertThat(document.charAt(chunk.endOffset() - 1)).isNotEqualTo('\r');
            });
        }

        @Test
        void offsetsSliceExactlyWhenThereIsNoCarriageReturn() {
            GeneratedDocument generated = GeneratedDocument.generate(new Random(5));
            String document = generated.source().replace("\r\n", "\n");

            List<Chunk> chunks = chunker(64, 16).chunk(document);

            assertThat(chunks).isNotEmpty().allSatisfy(chunk ->
                    assertThat(document.substring(chunk.startOffset(), chunk.endOffset())).isEqualTo(chunk.text()));
        }

        @Test
        void neverSplitsSurrogatePairs() {
            String emoji = "😀".repeat(5000);

            List<Chunk> chunks = chunker(64, 0).chunk(emoji);

            assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> {
                assertThat(hasLoneSurrogate(chunk.text())).isFalse();
                assertThat(chunk.tokenCount()).isLessThanOrEqualTo(64);
            });
            assertThat(String.join("", texts(chunks))).isEqualTo(emoji);
        }

        @Test
        void neverSeparatesACombiningMarkFromItsBase() {
            // One run of 6001 code points; a leading 'x' makes budget cuts land between 'e' and its accent.
            String decomposed = "x" + "e\u0301".repeat(3000);

            List<Chunk> chunks = chunker(64, 0).chunk(decomposed);

            assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk ->
                    assertThat(chunk.text()).endsWith("\u0301").doesNotStartWith("\u0301"));
            assertThat(String.join("", texts(chunks))).isEqualTo(decomposed);
        }

        @Test
        void keepsEmojiZwjSequencesWhole() {
            String family = "👨\u200D👩\u200D👧";

            List<Chunk> chunks = chunker(12, 0).chunk(family.repeat(500));

            assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk ->
                    assertThat(chunk.text()).matches("(" + family + ")+"));
        }

        @Test
        void aSingleCharacterOverBudgetIsKeptWholeRatherThanBroken() {
            String family = "👨\u200D👩\u200D👧"; // five symbols: five tokens

            List<Chunk> chunks = chunker(2, 0).chunk(family);

            assertThat(chunks).singleElement().satisfies(chunk -> {
                assertThat(chunk.text()).isEqualTo(family);
                assertThat(chunk.tokenCount()).isEqualTo(5);
            });
        }

        @Test
        void handlesMixedScriptsWithEmojiAndCjk() {
            String document = "## Ünïcödé 🎉\n東京は日本の首都です。人口は多い！Emoji 👍🏽 and 🇺🇸 and café here.";

            List<Chunk> chunks = chunker(6, 2).chunk(document);

            assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.headingPath()).isEqualTo("Ünïcödé 🎉"));
            ChunkInvariants.assertHold(document, chunks, new ChunkingOptions(6, 2), COUNTER);
            assertThat(coveredContent(document, chunks)).isEqualTo(withoutWhitespace(document.substring(document.indexOf('\n'))));
        }
    }

    @Nested
    class Properties {

        @Test
        void holdForRandomDocumentsOfVaryingSize() {
            Random random = new Random(20_240_601L);
            int overlaps = 0;
            int chunkCount = 0;
            for (int trial = 0; trial < 300; trial++) {
                GeneratedDocument document = GeneratedDocument.generate(random);
                int maxTokens = 8 + random.nextInt(300);
                ChunkingOptions options = new ChunkingOptions(maxTokens, random.nextInt(maxTokens / 2 + 1));

                List<Chunk> chunks = new MarkdownChunker(options, COUNTER).chunk(document.source());

                String context = "trial " + trial + " with " + options;
                try {
                    ChunkInvariants.assertHold(document.source(), chunks, options, COUNTER);
                    assertThat(coveredContent(document.source(), chunks))
                            .as("chunks cover all non-heading content exactly once, in order")
                            .isEqualTo(withoutWhitespace(document.body()));
                } catch (AssertionError e) {
                    throw new AssertionError(context + ": " + e.getMessage(), e);
                }
                chunkCount += chunks.size();
                overlaps += (int) IntStream.range(1, chunks.size())
                        .filter(i -> chunks.get(i).startOffset() < chunks.get(i - 1).endOffset())
                        .count();
            }
            // Guard against a generator too tame to exercise packing and overlap.
            assertThat(chunkCount).isGreaterThan(3000);
            assertThat(overlaps).isGreaterThan(1000);
        }

        @Test
        void sameInputGivesSameChunks() {
            String document = GeneratedDocument.generate(new Random(99)).source();
            ChunkingOptions options = new ChunkingOptions(48, 8);

            List<Chunk> first = new MarkdownChunker(options, COUNTER).chunk(document);
            List<Chunk> second = new MarkdownChunker(options, COUNTER).chunk(document);

            assertThat(first).isNotEmpty().isEqualTo(second).isEqualTo(new MarkdownChunker(options, COUNTER).chunk(document));
        }

        @Test
        void scalesLinearlyToLargeDocuments() {
            Random random = new Random(1);
            StringBuilder document = new StringBuilder();
            while (document.length() < 3_000_000) {
                document.append("## Section ").append(document.length()).append("\n\n");
                for (int p = 0; p < 10; p++) {
                    document.append(GeneratedDocument.proseParagraph(random, "\n")).append("\n\n");
                }
            }
            document.append("y".repeat(2_000_000)); // one huge token: must not trigger quadratic rescans
            List<Chunk> chunks = new ArrayList<>();

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> chunks.addAll(new MarkdownChunker().chunk(document.toString())));

            assertThat(chunks.size()).isGreaterThan(3_000);
        }
    }
}
