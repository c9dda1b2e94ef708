package io.ragchat.testing;

/**
 * The integration tests' resource locks ({@code @ResourceLock(Lane.X)}): failsafe runs test classes
 * concurrently, and the classes that share a database take turns on it, since each counts or wipes rows of
 * its own services' database. The lanes run beside each other.
 */
public final class Lane {

    /** The test database (ragchat_test, or the one {@code _TEST_QUARKUS_DATASOURCE_*_URL} names). */
    public static final String TEST_DATABASE = "database: ragchat_test";

    /** The benchmark's database (ragchat_bench, or {@code RAGCHAT_BENCH_DATABASE}). */
    public static final String BENCH_DATABASE = "database: ragchat_bench";

    /** The eval's smoke database, which the eval recreates. */
    public static final String EVAL_DATABASE = "database: ragchat_eval_smoke";

    private Lane() {
    }
}
