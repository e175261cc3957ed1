package io.flowmeter.database;

import liquibase.integration.spring.SpringLiquibase;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.common.DatabaseCreator;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * JobRunr keeps its jobs in the same PostgreSQL. Decision (see README): JobRunr creates and migrates its
 * own {@code jobrunr_*} tables, through the schema-owner connection, right after Liquibase; the runtime
 * role then only reads and writes them (Liquibase's default privileges grant it that). JobRunr's tables
 * hold no tenant data beyond ids in job arguments, so they carry no row-level security.
 */
@Configuration(proxyBeanMethods = false)
class JobRunrStorageConfiguration {

    @Bean(destroyMethod = "close")
    StorageProvider storageProvider(@Qualifier("owner") DataSource owner, @Qualifier("jobs") DataSource jobs, JobMapper jobMapper,
                                    SpringLiquibase liquibase) {
        new DatabaseCreator(owner, PostgresStorageProvider.class).runMigrations();
        var storageProvider = new PostgresStorageProvider(jobs, DatabaseOptions.SKIP_CREATE);
        storageProvider.setJobMapper(jobMapper);
        return storageProvider;
    }
}
