package io.flowmeter.engine.service;

import io.flowmeter.tenancy.TenantPurge;
import org.jobrunr.storage.StorageProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * A deleted organization's JobRunr jobs go with it: its step and notice jobs in every state (their arguments carry
 * its id) and its schedules' and polls' recurring jobs. A job still processing is left to finish (it finds nothing to
 * do) and removed on a later round.
 */
@Component
class JobsPurge implements TenantPurge {

    private final JdbcTemplate jdbc;
    private final StorageProvider storage;

    JobsPurge(JdbcTemplate jdbc, StorageProvider storage) {
        this.jdbc = jdbc;
        this.storage = storage;
    }

    @Override
    public String what() {
        return "jobs";
    }

    @Override
    public void purge(UUID tenantId) {
        String mentions = "%\"" + tenantId + "\"%";
        for (String id : jdbc.queryForList("select id from jobrunr_recurring_jobs where jobAsJson like ?", String.class, mentions)) {
            storage.deleteRecurringJob(id.strip());
        }
        List<String> jobs = jdbc.queryForList("select id from jobrunr_jobs where state <> 'PROCESSING' and jobAsJson like ?",
                String.class, mentions);
        for (String id : jobs) {
            storage.deletePermanently(UUID.fromString(id.strip()));
        }
        Integer running = jdbc.queryForObject("select count(*) from jobrunr_jobs where jobAsJson like ?", Integer.class, mentions);
        if (running != null && running > 0) {
            throw new IllegalStateException(running + " of its jobs are still running");
        }
    }
}
