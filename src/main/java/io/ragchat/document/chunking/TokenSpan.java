package io.ragchat.document.chunking;

/** A range {@code [start, end)} of the normalized text with its measured token count. */
record TokenSpan(int start, int end, int tokens) {
}
