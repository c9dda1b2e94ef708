package io.ragchat.document.chunking;

import io.ragchat.document.chunking.MarkdownOutline.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts blocks into units that each fit the token budget, keeping every unit as coarse as possible:
 * a block that fits stays whole; otherwise prose is cut into sentences, code and tables into lines, and
 * any piece still too big into lines, then words, then graphemes. Each level only rescans the pieces that did
 * not fit, so the work is linear in the text per level.
 */
final class BlockSplitter {

    /** Cut points from coarse to fine. */
    private enum Granularity {
        SENTENCE, LINE, WORD, GRAPHEME;

        Granularity finer() {
            return values()[ordinal() + 1];
        }
    }

    private final String text;
    private final TokenCounter counter;
    private final int maxTokens;

    BlockSplitter(String text, TokenCounter counter, int maxTokens) {
        this.text = text;
        this.counter = counter;
        this.maxTokens = maxTokens;
    }

    List<TokenSpan> split(List<Block> blocks) {
        List<TokenSpan> units = new ArrayList<>();
        for (Block block : blocks) {
            // Code has no sentences, and a table's rows are its records: lines are their natural units.
            Granularity first = block.kind() == Block.Kind.PROSE ? Granularity.SENTENCE : Granularity.LINE;
            split(block.start(), block.end(), first, units);
        }
        return units;
    }

    private void split(int start, int end, Granularity granularity, List<TokenSpan> units) {
        int tokens = counter.count(text, start, end);
        if (tokens <= maxTokens) {
            units.add(new TokenSpan(start, end, tokens));
            return;
        }
        Granularity level = granularity;
        while (level != Granularity.GRAPHEME && pieceEnd(level, start, end) == end) {
            level = level.finer(); // no cut point of this kind in the range
        }
        if (level == Granularity.GRAPHEME) {
            splitGraphemes(start, end, units);
            return;
        }
        int pieceStart = start;
        while (pieceStart < end) {
            int pieceEnd = pieceEnd(level, pieceStart, end);
            split(pieceStart, pieceEnd, level.finer(), units);
            pieceStart = Whitespace.skip(text, pieceEnd, end);
        }
    }

    /** End, without trailing whitespace, of the piece of the given granularity that starts at {@code from}. */
    private int pieceEnd(Granularity granularity, int from, int end) {
        return switch (granularity) {
            case SENTENCE -> SentenceBoundaries.sentenceEnd(text, from, end);
            case LINE -> Whitespace.trimEnd(text, from, lineEnd(from, end));
            case WORD -> Whitespace.trimEnd(text, from, WordBoundaries.next(text, from, end));
            case GRAPHEME -> end; // graphemes are cut by budget in splitGraphemes, not scanned for
        };
    }

    private int lineEnd(int from, int end) {
        // Bounded by hand: indexOf would run past the range, quadratic on one huge line.
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == '\n') {
                return i;
            }
        }
        return end;
    }

    /** The last resort for a run with no other cut point, such as a 10k-character token. */
    private void splitGraphemes(int start, int end, List<TokenSpan> units) {
        GraphemeBoundaries graphemes = new GraphemeBoundaries(text, start, end);
        int pieceStart = start;
        while (pieceStart < end) {
            int fits = PrefixSearch.longestFittingEnd(counter, text, pieceStart, end, maxTokens);
            int cut = graphemes.floor(fits);
            if (cut <= pieceStart) {
                // A single grapheme over budget stays whole: breaking it would corrupt the character.
                cut = graphemes.following(pieceStart);
            }
            units.add(new TokenSpan(pieceStart, cut, counter.count(text, pieceStart, cut)));
            pieceStart = Whitespace.skip(text, cut, end);
        }
    }
}
