package io.ragchat.fuzz;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ragchat.bench.AppProcess;
import io.ragchat.testing.PackagedService;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.llm.SimulatorProfile;

/**
 * The packaged service, with authentication on as in production and trusting the fuzzer's
 * {@link Credentials}, generating with a quick simulated model; plus a JDBC connection to its database to
 * see what requests wrote.
 */
final class ServiceUnderTest implements AutoCloseable {

    private final LlmSimulator simulator;
    private final AppProcess app;
    private final Connection db;

    private ServiceUnderTest(LlmSimulator simulator, AppProcess app, Connection db) {
        this.simulator = simulator;
        this.app = app;
        this.db = db;
    }

    static ServiceUnderTest start() {
        LlmSimulator simulator = LlmSimulator.start(SimulatorProfile.instant().toBuilder().answerTokens(12).build());
        Map<String, String> settings = new LinkedHashMap<>();
        // Every accepted answer is in the database before its response ends, so row counts taken between
        // two requests are never moved by a turn still being written in the background.
        settings.put("ragchat.history.write-before-answer", "true");
        // The fuzzer asks hundreds of questions a minute as one caller: at the production rate most of them would
        // be answered 429 and never reach retrieval and the model, where the bugs may be.
        settings.put("ragchat.limit.questions-per-minute", "0");
        settings.putAll(Credentials.serviceSettings());
        AppProcess app = null;
        try {
            app = PackagedService.start("fuzz", simulator, settings);
            return new ServiceUnderTest(simulator, app, PackagedService.database());
        } catch (SQLException | RuntimeException e) {
            if (app != null) {
                app.close();
            }
            simulator.stop();
            throw new IllegalStateException("ragchat did not start for fuzzing", e);
        }
    }

    int port() {
        return app.uri("/").getPort();
    }

    RowCounts rows() {
        return RowCounts.read(db);
    }

    /** The service's log, for a failure report. */
    Path log() {
        return app.log();
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // the process goes anyway
        }
        try {
            app.close();
        } finally {
            simulator.stop();
        }
    }
}
