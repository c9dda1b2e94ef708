package io.ragchat.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The rows of every table a request can write, read straight from PostgreSQL. */
record RowCounts(long documents, long chunks, long conversations, long messages) {

    static RowCounts read(Connection db) {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM chunk), "
                        + "(SELECT count(*) FROM conversation), (SELECT count(*) FROM message)")) {
            rows.next();
            return new RowCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
        } catch (SQLException e) {
            throw new IllegalStateException("counting rows failed", e);
        }
    }
}
