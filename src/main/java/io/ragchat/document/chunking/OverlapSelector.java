package io.ragchat.document.chunking;

/**
 * Picks where a chunk starts inside the previous chunk, so that the repeated tail carries context across
 * the cut: the longest tail within budget that starts at a sentence, else the longest that starts at a word.
 */
final class OverlapSelector {

    private final String text;
    private final TokenCounter counter;

    OverlapSelector(String text, TokenCounter counter) {
        this.text = text;
        this.counter = counter;
    }

    /**
     * Start of the overlap within {@code previous}, or {@code previous.end()} for none. The overlap is a
     * proper tail: repeating a whole chunk would make that chunk redundant.
     */
    int start(TokenSpan previous, int budget) {
        int none = previous.end();
        if (budget <= 0) {
            return none;
        }
        int wordStart = none;
        int sentenceStart = none;
        // Walk back word by word; the tail only grows, so stop at the first one over budget.
        for (int candidate = WordBoundaries.previous(text, previous.end(), previous.start());
                candidate > previous.start();
                candidate = WordBoundaries.previous(text, candidate, previous.start())) {
            if (counter.count(text, candidate, previous.end()) > budget) {
                break;
            }
            wordStart = candidate;
            if (SentenceBoundaries.isSentenceStart(text, candidate)) {
                sentenceStart = candidate;
            }
        }
        return sentenceStart < none ? sentenceStart : wordStart;
    }
}
