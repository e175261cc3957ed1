package io.flowmeter.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Database settings. An empty {@code url} selects the embedded PostgreSQL.
 *
 * @param user     the schema owner: runs Liquibase and creates JobRunr's tables
 * @param appUser  the runtime role; it must not own the tables so that row-level security applies
 * @param jobsPoolSize JobRunr's own pool (the same runtime role)
 * @param platformUser the platform role: the only one the row-level-security policies let see every tenant
 */
@ConfigurationProperties("flowmeter.db")
public record DatabaseProperties(String url, String user, String password, String appUser, String appPassword,
                                 int poolSize, int jobsPoolSize, String platformUser, String platformPassword,
                                 int platformPoolSize, Embedded embedded) {

    /**
     * @param settings extra {@code postgresql.conf} settings for the embedded server (name → value); they cannot
     *                 turn off fsync, synchronous commit or full-page writes
     */
    public record Embedded(String dataDir, int port, java.util.Map<String, String> settings) {
        public Embedded {
            settings = settings == null ? java.util.Map.of() : java.util.Map.copyOf(settings);
        }
    }

    /** The platform role's password on a trial install (embedded database, localhost only). */
    public static final String DEFAULT_PLATFORM_PASSWORD = "flowmeter_platform";

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }
}
