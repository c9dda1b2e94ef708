package io.ragchat.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Retrieval on its own: p50/p99 of the service's query shape ({@code ORDER BY embedding <=> $1 LIMIT 10})
 * over an HNSW index built like the {@code chunk} table's (m 16, ef_construction 64, cosine), and recall@10
 * against an exact scan, at each size. The vectors are synthetic but shaped like text embeddings: a
 * mixture of 200 clusters in 384 dimensions, each spread mostly along a few directions of its own (text
 * embeddings have a low intrinsic dimension; isotropic noise in 384 dimensions would make all points of a
 * cluster equidistant and nearest neighbours meaningless), normalised; the queries come from the same mixture.
 * Tables are kept between runs (building the index is the slow part) and rebuilt when the recipe changes.
 */
final class RetrievalBench {

    static final int DIMENSION = 384;
    static final int CLUSTERS = 200;
    /** Directions along which each cluster spreads. */
    static final int CLUSTER_RANK = 12;
    /** Norm of a point's offset along its cluster's directions, relative to the (unit) centroid. */
    static final double SPREAD = 0.7;
    /** Norm of the isotropic noise on top. */
    static final double NOISE = 0.2;
    private static final int RECIPE_VERSION = 2;
    private static final long DATA_SEED = 20_260_101L;
    private static final long QUERY_SEED = 7L;
    private static final int K = 10;

    private final BenchOptions options;
    private final Consumer<String> log;

    RetrievalBench(BenchOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    JsonObject run() {
        JsonArray sizes = new JsonArray();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + options.database(),
                "ragchat", "ragchat")) {
            Mixture mixture = new Mixture();
            for (int rows : options.retrievalSizes()) {
                sizes.add(measure(db, rows, mixture));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retrieval benchmark: " + e.getMessage(), e);
        }
        return new JsonObject().put("dimension", DIMENSION).put("clusters", CLUSTERS).put("clusterRank", CLUSTER_RANK)
                .put("spread", SPREAD).put("noise", NOISE)
                .put("queries", options.retrievalQueries()).put("k", K).put("sizes", sizes);
    }

    private JsonObject measure(Connection db, int rows, Mixture mixture) throws SQLException {
        String table = "bench_vectors_" + rows;
        JsonObject build = ensureTable(db, table, rows, mixture);
        List<String> queries = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(QUERY_SEED);
        for (int i = 0; i < options.retrievalQueries(); i++) {
            queries.add(literal(mixture.point(random)));
        }
        String sql = "SELECT id, embedding <=> ?::vector AS distance FROM " + table + " ORDER BY embedding <=> ?::vector LIMIT " + K;
        List<Set<Integer>> exact = new ArrayList<>();
        List<Double> exactTimes = new ArrayList<>();
        db.setAutoCommit(false);
        try (Statement settings = db.createStatement()) {
            settings.execute("SET LOCAL enable_indexscan = off");
            for (String query : queries) {
                long start = System.nanoTime();
                exact.add(topK(db, sql, query));
                exactTimes.add((System.nanoTime() - start) / 1e6);
            }
        }
        db.commit();
        db.setAutoCommit(true);
        JsonArray efs = new JsonArray();
        for (int ef : options.efSearch()) {
            try (Statement settings = db.createStatement()) {
                settings.execute("SET hnsw.ef_search = " + ef);
            }
            String plan = explain(db, sql, queries.get(0));
            for (String query : queries) {
                topK(db, sql, query); // warm the index pages and the prepared statement
            }
            List<Double> times = new ArrayList<>();
            double recall = 0;
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                Set<Integer> found = topK(db, sql, queries.get(i));
                times.add((System.nanoTime() - start) / 1e6);
                Set<Integer> hits = new HashSet<>(found);
                hits.retainAll(exact.get(i));
                recall += hits.size() / (double) Math.min(K, exact.get(i).size());
            }
            recall /= queries.size();
            JsonObject result = new JsonObject().put("efSearch", ef)
                    .put("p50Ms", Stats.round(Stats.percentile(times, 50))).put("p99Ms", Stats.round(Stats.percentile(times, 99)))
                    .put("recallAt10", Math.round(recall * 1000) / 1000.0).put("usesHnswIndex", plan.contains(table + "_embedding_idx"));
            efs.add(result);
            log.accept("  %,d chunks, ef_search %d: p50 %s ms, p99 %s ms, recall@10 %.3f".formatted(rows, ef,
                    result.getValue("p50Ms"), result.getValue("p99Ms"), recall));
        }
        try (Statement settings = db.createStatement()) {
            settings.execute("RESET hnsw.ef_search");
        }
        return new JsonObject().put("rows", rows).put("table", table).put("build", build)
                .put("exactP50Ms", Stats.round(Stats.percentile(exactTimes, 50)))
                .put("exactP99Ms", Stats.round(Stats.percentile(exactTimes, 99))).put("efSearch", efs);
    }

    private static Set<Integer> topK(Connection db, String sql, String vector) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, vector);
            statement.setString(2, vector);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    private static String explain(Connection db, String sql, String vector) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement statement = db.prepareStatement("EXPLAIN " + sql)) {
            statement.setString(1, vector);
            statement.setString(2, vector);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** Reuses the table when it was built by this recipe; otherwise loads it with COPY and builds the index. */
    private JsonObject ensureTable(Connection db, String table, int rows, Mixture mixture) throws SQLException {
        String recipe = "v%d seed=%d clusters=%d rank=%d spread=%s noise=%s rows=%d dim=%d".formatted(RECIPE_VERSION,
                DATA_SEED, CLUSTERS, CLUSTER_RANK, SPREAD, NOISE, rows, DIMENSION);
        try (PreparedStatement comment = db.prepareStatement("SELECT obj_description(to_regclass(?), 'pg_class')")) {
            comment.setString(1, table);
            try (ResultSet rs = comment.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    JsonObject stored = new JsonObject(rs.getString(1));
                    if (recipe.equals(stored.getString("recipe"))) {
                        log.accept("  %,d chunks: reusing %s (built earlier: load %s s, index %s s)".formatted(rows, table,
                                stored.getValue("loadSeconds"), stored.getValue("indexSeconds")));
                        return stored.put("reused", true);
                    }
                }
            }
        }
        log.accept("  %,d chunks: generating and loading %s ...".formatted(rows, table));
        try (Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + table);
            ddl.execute("CREATE TABLE " + table + " (id integer NOT NULL, embedding vector(" + DIMENSION + ") NOT NULL)");
        }
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(DATA_SEED);
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (id, embedding) FROM STDIN");
        try {
            StringBuilder batch = new StringBuilder(1 << 20);
            for (int id = 1; id <= rows; id++) {
                batch.append(id).append('\t').append(literal(mixture.point(random))).append('\n');
                if (batch.length() > (1 << 20) || id == rows) {
                    byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    batch.setLength(0);
                }
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        log.accept("  %,d chunks: loaded in %.1f s; building the HNSW index ...".formatted(rows, loadSeconds));
        start = System.nanoTime();
        try (Statement ddl = db.createStatement()) {
            ddl.execute("SET maintenance_work_mem = '1GB'");
            ddl.execute("SET max_parallel_maintenance_workers = 1");
            ddl.execute("CREATE INDEX " + table + "_embedding_idx ON " + table
                    + " USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)");
            ddl.execute("RESET maintenance_work_mem");
            ddl.execute("RESET max_parallel_maintenance_workers");
            ddl.execute("ANALYZE " + table);
        }
        double indexSeconds = (System.nanoTime() - start) / 1e9;
        log.accept("  %,d chunks: index built in %.1f s".formatted(rows, indexSeconds));
        JsonObject built = new JsonObject().put("recipe", recipe).put("loadSeconds", Stats.round(loadSeconds))
                .put("indexSeconds", Stats.round(indexSeconds))
                .put("maintenanceWorkMem", "1GB").put("parallelMaintenanceWorkers", 1);
        try (Statement ddl = db.createStatement()) {
            ddl.execute("COMMENT ON TABLE " + table + " IS '" + built.encode().replace("'", "''") + "'");
        }
        return built.put("reused", false);
    }

    /** The cluster mixture: a unit centroid and {@value #CLUSTER_RANK} spread directions per cluster. */
    private static final class Mixture {
        private final float[][] centroids = new float[CLUSTERS][];
        private final float[][][] directions = new float[CLUSTERS][CLUSTER_RANK][];

        Mixture() {
            SplittableRandom random = new SplittableRandom(DATA_SEED ^ 0x5DEECE66DL);
            for (int c = 0; c < CLUSTERS; c++) {
                centroids[c] = normalise(gaussianVector(random));
                for (int j = 0; j < CLUSTER_RANK; j++) {
                    directions[c][j] = normalise(gaussianVector(random));
                }
            }
        }

        float[] point(SplittableRandom random) {
            int c = random.nextInt(CLUSTERS);
            float[] v = centroids[c].clone();
            double along = SPREAD / Math.sqrt(CLUSTER_RANK);
            for (int j = 0; j < CLUSTER_RANK; j++) {
                double a = along * gaussian(random);
                float[] direction = directions[c][j];
                for (int d = 0; d < DIMENSION; d++) {
                    v[d] += (float) (a * direction[d]);
                }
            }
            double sigma = NOISE / Math.sqrt(DIMENSION);
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += (float) (sigma * gaussian(random));
            }
            return normalise(v);
        }

        private static float[] gaussianVector(SplittableRandom random) {
            float[] v = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                v[d] = (float) gaussian(random);
            }
            return v;
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian of its own on every JDK this builds with.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    static String literal(float[] v) {
        StringBuilder text = new StringBuilder(v.length * 11);
        text.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(v[i]);
        }
        return text.append(']').toString();
    }
}
