package io.flowmeter.engine.service;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobVersioner;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.utils.JobUtils;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Writes new step jobs into JobRunr's table in the caller's transaction, so that a step's state change and the job that
 * carries it out commit together (one commit instead of two, and no window in which a committed step has no job). The
 * rows are exactly what JobRunr's own insert writes (its job JSON, version 1, timestamps in UTC); a job whose id
 * already exists is left as it is, never failing the transaction, and is not reported as inserted.
 */
@Component
class JobRows {

    private final JdbcTemplate jdbc;
    private final JobMapper mapper;
    private volatile String signature = "";

    JobRows(JdbcTemplate jdbc, JobMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Inserts the jobs in the current transaction; returns the ids of those inserted (the others existed). */
    Set<UUID> insertNew(List<Job> jobs) {
        StringBuilder sql = new StringBuilder("insert into jobrunr_jobs (id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, "
                + "scheduledAt, recurringJobId) values ");
        for (int i = 0; i < jobs.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, null, null)");
        }
        sql.append(" on conflict (id) do nothing returning id");
        Set<UUID> inserted = new HashSet<>();
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)); // mutable: one per call
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (Job job : jobs) {
                    // as JobRunr's own save: the version goes up before the job is written (its JSON holds it)
                    try (JobVersioner versioner = new JobVersioner(job)) {
                        statement.setString(p++, job.getId().toString());
                        statement.setInt(p++, job.getVersion());
                        statement.setString(p++, mapper.serializeJob(job));
                        statement.setString(p++, signature(job));
                        statement.setString(p++, job.getState().name());
                        statement.setTimestamp(p++, Timestamp.from(job.getCreatedAt()), utc);
                        statement.setTimestamp(p++, Timestamp.from(job.getUpdatedAt()), utc);
                        versioner.commitVersion();
                    }
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(UUID.fromString(rows.getString(1).strip()));
                    }
                }
            }
            return null;
        });
        return inserted;
    }

    /** Every step job has the same signature (the handler's class, method and parameter type): computed once. */
    private String signature(Job job) {
        String known = signature;
        if (known.isEmpty()) {
            known = JobUtils.getJobSignature(job);
            signature = known;
        }
        return known;
    }
}
