package io.ragchat.fuzz;

/**
 * Multiplies every property's tries by {@code -Dragchat.fuzz.tries-factor} (default 1), so a longer local run
 * ({@code -Dragchat.fuzz.tries-factor=20}) needs no code change while the suite's run stays short.
 */
final class TriesScaling {

    static final String FACTOR = "ragchat.fuzz.tries-factor";

    private TriesScaling() {
    }

    static int scaled(int tries) {
        double factor = Double.parseDouble(System.getProperty(FACTOR, "1"));
        return (int) Math.max(1, Math.round(tries * factor));
    }
}
