package io.ragchat.database;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.database")
public interface DatabaseConfig {

    /**
     * How long a question waits for a database connection when none is open; past it the question is
     * answered 503 at once instead of waiting on a database that is gone.
     */
    @WithDefault("3s")
    Duration connectTimeout();
}
