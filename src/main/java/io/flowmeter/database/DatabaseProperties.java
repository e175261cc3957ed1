package io.flowmeter.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Database settings. An empty {@code url} selects the embedded PostgreSQL.
 *
 * @param user     the schema owner: runs Liquibase and creates JobRunr's tables
 * @param appUser  the runtime role; it must not own the tables so that row-level security applies
 * @param jobsPoolSize JobRunr's own pool (the same runtime role)
 */
@ConfigurationProperties("flowmeter.db")
public record DatabaseProperties(String url, String user, String password, String appUser, String appPassword,
                                 int poolSize, int jobsPoolSize, Embedded embedded) {

    public record Embedded(String dataDir, int port) {
    }

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }
}
