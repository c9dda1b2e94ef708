/**
 * Cuts documents into chunks sized for embedding, along their Markdown structure, and trims text to a token
 * budget for prompts.
 *
 * <p>Which parts are libraries and why the others are written here:
 * <ul>
 *   <li><b>Markdown outline</b>: CommonMark ({@code org.commonmark}, with GFM tables) reads headings (ATX and
 *       setext), fences, lists, HTML blocks and tables, with source spans mapping every block back to the text.
 *   <li><b>Graphemes</b>: the JDK's character {@link java.text.BreakIterator}, which keeps emoji ZWJ sequences whole.
 *   <li><b>Sentences</b> ({@code SentenceBoundaries}) are written here: the JDK's sentence BreakIterator ends a
 *       sentence after "Dr.", "e.g.", initials and list numbers and not at a blank line, and ICU4J (14 MB) ends
 *       one at every line break (UAX #29), which cuts hard-wrapped prose.
 *   <li><b>Words</b> ({@code WordBoundaries}) are written here: a cut point is whitespace (or a CJK character),
 *       so identifiers, paths and URLs stay whole, where the word BreakIterator cuts at every punctuation mark.
 *   <li><b>Token counts</b> ({@link io.ragchat.document.chunking.ApproximateTokenCounter}) are estimated: the
 *       embedding model's own tokenizer is on the class path only with the in-process models (never in the native
 *       build, nor for a remote model), and the chunker counts thousands of slices per document, which a native
 *       tokenizer call per slice would make the cost of ingestion.
 * </ul>
 */
package io.ragchat.document.chunking;
