package io.ragchat.document.chunking;

/** Finds the longest prefix of a range that fits a token budget, in O(n log n) counting work. */
final class PrefixSearch {

    /** First probe length in chars; probes then double, so a cut costs about twice its own length. */
    private static final int INITIAL_PROBE = 64;

    private PrefixSearch() {
    }

    /**
     * The largest {@code e} in {@code [start, end]} with {@code count(text[start, e)) <= maxTokens}.
     * The result may fall inside a surrogate pair or a word: callers snap it to a boundary they accept.
     */
    static int longestFittingEnd(TokenCounter counter, String text, int start, int end, int maxTokens) {
        // Galloping before bisecting keeps each search proportional to the prefix found, not to the
        // range: a megabyte-long token is cut into many pieces, each search must not rescan all of it.
        int fits = start;
        int step = INITIAL_PROBE;
        int exceeds;
        while (true) {
            int probe = (int) Math.min((long) fits + step, end);
            if (counter.count(text, start, probe) > maxTokens) {
                exceeds = probe;
                break;
            }
            if (probe == end) {
                return end;
            }
            fits = probe;
            step = step > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : step * 2;
        }
        int low = fits;
        int high = exceeds - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (counter.count(text, start, middle) <= maxTokens) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }
}
