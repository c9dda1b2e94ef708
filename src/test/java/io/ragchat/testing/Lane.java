package io.ragchat.testing;

/**
 * The integration tests' resource locks ({@code @ResourceLock(Lane.X)}): failsafe runs test classes
 * concurrently, and the classes that share a database take turns on it where they must. A class that reads
 * and writes only rows of its own (its own documents, conversations and messages, found by their ids or
 * sources) shares the database ({@code mode = READ}); a class that counts every row, or every session of the
 * database, has it alone (the default, {@code READ_WRITE}). The lanes run beside each other.
 */
public final class Lane {

    /** The test database (ragchat_test, or the one {@code _TEST_QUARKUS_DATASOURCE_*_URL} names). */
    public static final String TEST_DATABASE = "database: ragchat_test";

    /** The benchmark's database (ragchat_bench, or {@code RAGCHAT_BENCH_DATABASE}). */
    public static final String BENCH_DATABASE = "database: ragchat_bench";

    /** The eval's smoke database, which the eval recreates. */
    public static final String EVAL_DATABASE = "database: ragchat_eval_smoke";

    /**
     * The order of the longest classes ({@code @Order(Lane.START_FIRST)}; failsafe orders classes by
     * {@code @Order}): they start first, since one started last would run alone at the end, on one core.
     */
    public static final int START_FIRST = 1;

    private Lane() {
    }
}
