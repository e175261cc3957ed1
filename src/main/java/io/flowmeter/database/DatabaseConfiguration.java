package io.flowmeter.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * Pools on one database. The owner pool is tiny and serves only schema work (Liquibase and JobRunr's table
 * creation); the application's pools log in as roles that own nothing, so every query they run is subject to
 * row-level security: the runtime role sees the current tenant's rows, the platform role every tenant's.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DatabaseEndpoint databaseEndpoint(DatabaseProperties properties) {
        if (!properties.isEmbedded()) {
            return new DatabaseEndpoint(properties.url(), properties.user(), properties.password(), null);
        }
        var server = EmbeddedPostgresServer.start(Path.of(properties.embedded().dataDir()), properties.embedded().port(),
                properties.embedded().settings());
        return new DatabaseEndpoint(server.jdbcUrl(), "postgres", "", server);
    }

    @Bean(destroyMethod = "close")
    @LiquibaseDataSource
    @Qualifier("owner")
    HikariDataSource ownerDataSource(DatabaseEndpoint endpoint) {
        var ds = pool("flowmeter-owner", endpoint.url(), endpoint.ownerUser(), endpoint.ownerPassword(), 2);
        ds.setMinimumIdle(0);
        ds.setIdleTimeout(10_000);
        return ds;
    }

    /** The runtime role's pool, for everything that works for one tenant. */
    @Bean(destroyMethod = "close")
    @Qualifier("runtime")
    HikariDataSource runtimeDataSource(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        return pool("flowmeter", endpoint.url(), properties.appUser(), properties.appPassword(), properties.poolSize());
    }

    /** The platform role's pool: tenancy hands it out while a thread is in the platform scope. */
    @Bean(destroyMethod = "close")
    @Qualifier("platform")
    HikariDataSource platformDataSource(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        if (!properties.isEmbedded() && DatabaseProperties.DEFAULT_PLATFORM_PASSWORD.equals(properties.platformPassword())) {
            // the one role that sees every tenant must not keep a password printed in the README
            throw new IllegalStateException("Set FLOWMETER_DB_PLATFORM_PASSWORD: the platform role sees every organization's data, "
                    + "so an external database needs a password of its own for it");
        }
        var ds = pool("flowmeter-platform", endpoint.url(), properties.platformUser(), properties.platformPassword(), properties.platformPoolSize());
        ds.setMinimumIdle(1);
        return ds;
    }

    /**
     * JobRunr's own pool, as the runtime role. Separate from the application pool on purpose: a transaction that
     * starts runs enqueues their jobs right after it commits, while still holding its connection; were the jobs
     * saved through the same pool, enough concurrent starts would hold every connection and wait for one more.
     */
    @Bean(destroyMethod = "close")
    @Qualifier("jobs")
    HikariDataSource jobsDataSource(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        return pool("flowmeter-jobs", endpoint.url(), properties.appUser(), properties.appPassword(), properties.jobsPoolSize());
    }

    /**
     * Webhook intake's own two connections: accepted requests are committed in batches by one writer, which must
     * never wait behind step execution for a connection. One batch serves many tenants, so they log in as the
     * platform role.
     */
    @Bean(destroyMethod = "close")
    @Qualifier("intake")
    HikariDataSource intakeDataSource(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        return pool("flowmeter-intake", endpoint.url(), properties.platformUser(), properties.platformPassword(), 2);
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size) {
        var ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setMaximumPoolSize(size);
        ds.setConnectionTimeout(10_000);
        // a JDBC batch of inserts (a run's step rows, JobRunr's batch of new jobs) goes as one multi-row statement
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        // the pool must not connect before Liquibase has created the runtime role
        ds.setInitializationFailTimeout(-1);
        return ds;
    }
}
