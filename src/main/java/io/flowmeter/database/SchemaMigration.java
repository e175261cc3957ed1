package io.flowmeter.database;

import com.zaxxer.hikari.HikariDataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.jobrunr.storage.sql.common.DatabaseCreator;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;

/**
 * {@code java -jar flowmeter.jar migrate}: brings an external database's schema up to date (Liquibase's changelog,
 * then JobRunr's own tables) and exits, without starting the product. The Helm chart runs it as every pod's init
 * container, before probes apply; Liquibase's lock table makes concurrent runs wait for each other, and the later
 * ones find nothing left to do. The product still checks the schema at its start, which is then a no-op.
 */
public final class SchemaMigration {

    private static final long MIGRATION_LOCK = 0x466c6f774a6f6273L;

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    private SchemaMigration() {
    }

    /** Runs the migrations with the product's configuration (FLOWMETER_DB_* and the like); returns an exit code. */
    public static int run(String... args) {
        try (var context = new SpringApplicationBuilder(Migration.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run(args)) {
            migrate(context.getBean(HikariDataSource.class), context.getBean(LiquibaseProperties.class), context);
            log.info("Database schema is up to date");
            return 0;
        } catch (RuntimeException | SQLException | LiquibaseException e) {
            log.error("Database migration failed: {}", e.getMessage(), e);
            return 1;
        }
    }

    /**
     * Liquibase's lock table does not protect its own creation: migrations started together on an empty database
     * race to create it. So every {@code migrate} first takes a session advisory lock; the others wait for it and then
     * find nothing left to do. JobRunr's migrations, which take no lock of their own, run under it too.
     */
    private static void migrate(HikariDataSource dataSource, LiquibaseProperties properties, ResourceLoader resources)
            throws SQLException, LiquibaseException {
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                var liquibase = new SpringLiquibase();
                liquibase.setDataSource(dataSource);
                liquibase.setResourceLoader(resources);
                liquibase.setChangeLog(properties.getChangeLog());
                liquibase.setChangeLogParameters(new HashMap<>(properties.getParameters()));
                liquibase.afterPropertiesSet();
                new DatabaseCreator(dataSource, PostgresStorageProvider.class).runMigrations();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    /** Deliberately not a {@code @Configuration}: the product's component scan must not pick it up. */
    @EnableConfigurationProperties({DatabaseProperties.class, LiquibaseProperties.class})
    static class Migration {

        @Bean(destroyMethod = "close")
        HikariDataSource migrationDataSource(DatabaseProperties properties) {
            if (properties.isEmbedded()) {
                throw new IllegalStateException("migrate needs an external database: set FLOWMETER_DB_URL (the embedded one "
                        + "is migrated when the product starts)");
            }
            var ds = new HikariDataSource();
            ds.setPoolName("flowmeter-migrate");
            ds.setJdbcUrl(properties.url());
            ds.setUsername(properties.user());
            ds.setPassword(properties.password());
            ds.setMaximumPoolSize(3);
            return ds;
        }
    }
}
