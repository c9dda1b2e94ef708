package io.ragchat.testing.llm;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Deterministic stand-in for an embedding model: the text's character trigrams are hashed into the
 * vector (feature hashing, each trigram adding ±1 to two hash-chosen dimensions), then the vector is
 * scaled to unit length. Texts sharing many trigrams point the same way, so "similar text, similar
 * vector" holds well enough for retrieval tests, and the same text always gives the same vector on any
 * JVM (no {@code String.hashCode}, no randomness).
 */
final class TrigramEmbedder {

    private static final int DIMENSIONS_PER_TRIGRAM = 2;

    private TrigramEmbedder() {
    }

    static float[] embed(String text, int dimension) {
        String normalized = " " + text.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ") + " ";
        float[] vector = new float[dimension];
        for (int i = 0; i + 3 <= normalized.length(); i++) {
            addFeature(vector, fnv1a(normalized.substring(i, i + 3)));
        }
        if (normalized.length() < 3) {
            addFeature(vector, fnv1a(normalized)); // empty text: still a unit vector
        }
        return unit(vector);
    }

    private static void addFeature(float[] vector, long hash) {
        long h = hash;
        for (int k = 0; k < DIMENSIONS_PER_TRIGRAM; k++) {
            h = splitMix64(h);
            int index = (int) Long.remainderUnsigned(h, vector.length);
            vector[index] += (h >>> 63) == 0 ? 1f : -1f;
        }
    }

    private static float[] unit(float[] vector) {
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += v * v;
        }
        if (sumOfSquares == 0) {
            vector[0] = 1f; // the ±1s cancelled out; any fixed direction keeps it deterministic
            return vector;
        }
        float norm = (float) Math.sqrt(sumOfSquares);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return vector;
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long splitMix64(long seed) {
        long z = seed + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
