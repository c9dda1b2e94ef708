package io.ragchat.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.awaitility.Awaitility;

import io.ragchat.history.service.HistoryWriter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Direct reads of the test database, to check what requests did (or did not) write. */
@ApplicationScoped
public class Database {

    private final Pool pool;
    private final HistoryWriter writer;

    Database(Pool pool, HistoryWriter writer) {
        this.pool = pool;
        this.writer = writer;
    }

    /** Waits until every turn handed to the history writer so far is committed, so counts stand still. */
    public void awaitHistoryWritten() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writer.unwritten().isEmpty());
    }

    public long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** The values of the first row the query returns, in column order; empty when it returns none. */
    public List<Object> row(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return List.<Object> of();
                    }
                    Row row = rows.iterator().next();
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < row.size(); i++) {
                        values.add(row.getValue(i));
                    }
                    return values;
                })
                .await().atMost(Duration.ofSeconds(10));
    }

    public long documents() {
        return count("SELECT count(*) FROM document");
    }

    public long chunks() {
        return count("SELECT count(*) FROM chunk");
    }

    public long messages() {
        return count("SELECT count(*) FROM message");
    }

    public long chunksOf(UUID documentId) {
        return count("SELECT count(*) FROM chunk WHERE document_id = $1", documentId);
    }

    public long messagesOf(UUID conversationId) {
        return count("SELECT count(*) FROM message WHERE conversation_id = $1", conversationId);
    }

    public String messageStatus(UUID messageId) {
        return pool.preparedQuery("SELECT status FROM message WHERE id = $1").execute(Tuple.of(messageId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null)
                .await().atMost(Duration.ofSeconds(10));
    }

    public String messageContent(UUID messageId) {
        return pool.preparedQuery("SELECT content FROM message WHERE id = $1").execute(Tuple.of(messageId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null)
                .await().atMost(Duration.ofSeconds(10));
    }
}
