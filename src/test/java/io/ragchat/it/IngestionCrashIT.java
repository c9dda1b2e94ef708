package io.ragchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.Lane;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.LlmSimulator;
import io.vertx.core.json.JsonObject;

/**
 * The service killed (SIGKILL: no shutdown runs) while it stores a new document and the replacement of an
 * existing one, inside their transactions. Nobody sees either half-written, and after a restart the new
 * document does not exist and the replaced one is still its old version with all its old chunks.
 */
@ResourceLock(Lane.TEST_DATABASE)
class IngestionCrashIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LlmSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = LlmSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.stop();
    }

    @Test
    void aDocumentIsWholeOrAbsentAfterAKillMidIngestion() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String replacedSource = "crash-" + run + "/replaced.md";
        String newSource = "crash-" + run + "/new.md";
        String oldVersion = document("alpha" + run, 5);
        UUID replacedId;
        long oldChunks;
        try (AppProcess app = PackagedService.start("ingestion-crash", simulator, Map.of());
                Connection blocker = PackagedService.database()) {
            JsonObject first = ingest(app, "Replaced", replacedSource, oldVersion).join();
            replacedId = UUID.fromString(first.getString("id"));
            oldChunks = first.getLong("chunks");

            // Chunk writes wait behind this lock, so both ingestions are caught inside their transaction: the
            // new document's row inserted, the replaced one's row updated, none of their chunks written yet.
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE chunk IN SHARE MODE");
            CompletableFuture<JsonObject> replacing = ingest(app, "Replaced", replacedSource, document("omega" + run, 20));
            CompletableFuture<JsonObject> creating = ingest(app, "New", newSource, document("gamma" + run, 20));
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> transactionsWaitingForTheLock() == 2);
            assertThat(document(blocker, newSource)).as("a document being ingested is not visible").isNull();
            assertThat(document(blocker, replacedSource).content()).isEqualTo(oldVersion);

            app.kill();
            blocker.rollback();
            replacing.exceptionally(failure -> null);
            creating.exceptionally(failure -> null);
        }

        try (AppProcess restarted = PackagedService.start("ingestion-crash-restarted", simulator, Map.of());
                Connection db = PackagedService.database()) {
            Document replaced = document(db, replacedSource);
            assertThat(replaced.id()).isEqualTo(replacedId);
            assertThat(replaced.content()).as("the replaced document is its old version").isEqualTo(oldVersion);
            assertThat(replaced.storedChunks()).isEqualTo(replaced.announcedChunks()).isEqualTo(oldChunks);
            assertThat(replaced.chunksMentioning("omega" + run)).as("no chunk of the new version").isZero();
            assertThat(document(db, newSource)).as("the new document was never committed").isNull();
            assertThat(HTTP.send(HttpRequest.newBuilder(restarted.uri("/api/documents/" + replacedId + "/content")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(replaced.content());
        } finally {
            try (Connection db = PackagedService.database();
                    PreparedStatement delete = db.prepareStatement("DELETE FROM document WHERE source LIKE ?")) {
                delete.setString(1, "crash-" + run + "/%");
                delete.executeUpdate();
            }
        }
    }

    /** Markdown of {@code sections} sections, each a few sentences naming {@code word}. */
    private static String document(String word, int sections) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sections; i++) {
            text.append("# Section ").append(i).append("\n\n");
            for (int s = 0; s < 12; s++) {
                text.append("The ").append(word).append(" rule number ").append(i).append('.').append(s)
                        .append(" says how requests of kind ").append(s).append(" are handled in part ").append(i).append(". ");
            }
            text.append("\n\n");
        }
        return text.toString();
    }

    private static CompletableFuture<JsonObject> ingest(AppProcess app, String title, String source, String content) {
        String body = new JsonObject(Map.of("title", title, "source", source, "content", content)).encode();
        return HTTP.sendAsync(HttpRequest.newBuilder(app.uri("/api/documents")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    return new JsonObject(response.body());
                });
    }

    /** Transactions of the service's database that wait for a lock. */
    private static long transactionsWaitingForTheLock() throws SQLException {
        try (Connection db = PackagedService.database();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Document document(Connection db, String source) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT d.id, d.content, d.chunk_count,"
                + " (SELECT count(*) FROM chunk c WHERE c.document_id = d.id) FROM document d WHERE d.source = ?")) {
            query.setString(1, source);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new Document(db, row.getObject(1, UUID.class), row.getString(2), row.getLong(3), row.getLong(4));
            }
        }
    }

    record Document(Connection db, UUID id, String content, long announcedChunks, long storedChunks) {
        long chunksMentioning(String word) throws SQLException {
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT count(*) FROM chunk WHERE document_id = ? AND content LIKE ?")) {
                query.setObject(1, id);
                query.setString(2, "%" + word + "%");
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        }
    }
}
