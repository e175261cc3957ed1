package io.flowmeter.export.service;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The rows of {@code tenant_exports} and their chunks; every call runs in the caller's transaction and scope. */
@Component
class ExportStore {

    private static final String COLUMNS = "id, status, requested_name, requested_at, step, steps_done, steps_total, finished_at, "
            + "size_bytes, sha256, error, downloaded_at, downloaded_by";

    private final JdbcTemplate jdbc;

    ExportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID tenantId, @Nullable UUID requestedBy, String requestedName) {
        jdbc.update("insert into tenant_exports (id, tenant_id, status, requested_by, requested_name) values (?, ?, 'PENDING', ?, ?)",
                id, tenantId, requestedBy, requestedName);
    }

    Optional<TenantExport> find(UUID tenantId, UUID id, Duration keep) {
        return jdbc.query("select " + COLUMNS + " from tenant_exports where tenant_id = ? and id = ?", mapper(keep), tenantId, id)
                .stream().findFirst();
    }

    List<TenantExport> recent(UUID tenantId, int limit, Duration keep) {
        return jdbc.query("select " + COLUMNS + " from tenant_exports where tenant_id = ? order by requested_at desc, id desc limit ?",
                mapper(keep), tenantId, limit);
    }

    /** Serializes requests of one organization until the transaction ends. */
    void lockTenant(UUID tenantId) {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext('tenant-export'), hashtext(?))", tenantId.toString());
    }

    /** Whether one is being built: an organization builds one export at a time. */
    boolean building(UUID tenantId) {
        Integer open = jdbc.queryForObject("select count(*) from tenant_exports where tenant_id = ? and status in ('PENDING', 'RUNNING')",
                Integer.class, tenantId);
        return open != null && open > 0;
    }

    /** Takes a pending export (or one whose builder died) to build, dropping what an earlier attempt stored. */
    boolean claim(UUID tenantId, UUID id, int stepsTotal) {
        int claimed = jdbc.update("update tenant_exports set status = 'RUNNING', steps_done = 0, steps_total = ?, step = null, error = null "
                + "where tenant_id = ? and id = ? and status in ('PENDING', 'RUNNING')", stepsTotal, tenantId, id);
        jdbc.update("delete from tenant_export_chunks where tenant_id = ? and export_id = ?", tenantId, id);
        return claimed == 1;
    }

    void progress(UUID tenantId, UUID id, int done, String step) {
        jdbc.update("update tenant_exports set steps_done = ?, step = ? where tenant_id = ? and id = ? and status = 'RUNNING'",
                done, step, tenantId, id);
    }

    void chunk(UUID tenantId, UUID id, int seq, byte[] data) {
        jdbc.update("insert into tenant_export_chunks (export_id, tenant_id, seq, data) values (?, ?, ?, ?)", id, tenantId, seq, data);
    }

    boolean ready(UUID tenantId, UUID id, long size, String sha256) {
        return jdbc.update("update tenant_exports set status = 'READY', steps_done = steps_total, step = null, finished_at = now(), "
                + "size_bytes = ?, sha256 = ? where tenant_id = ? and id = ? and status = 'RUNNING'", size, sha256, tenantId, id) == 1;
    }

    void failed(UUID tenantId, UUID id, String error) {
        jdbc.update("update tenant_exports set status = 'FAILED', step = null, finished_at = now(), error = ? "
                + "where tenant_id = ? and id = ? and status in ('PENDING', 'RUNNING')", error, tenantId, id);
        jdbc.update("delete from tenant_export_chunks where tenant_id = ? and export_id = ?", tenantId, id);
    }

    /** Locks the export for its one download; answers its status, or empty when there is no such export. */
    Optional<TenantExport.Status> lockForDownload(UUID tenantId, UUID id) {
        return jdbc.queryForList("select status from tenant_exports where tenant_id = ? and id = ? for update", String.class, tenantId, id)
                .stream().findFirst().map(TenantExport.Status::valueOf);
    }

    int chunks(UUID tenantId, UUID id) {
        Integer count = jdbc.queryForObject("select count(*) from tenant_export_chunks where tenant_id = ? and export_id = ?",
                Integer.class, tenantId, id);
        return count == null ? 0 : count;
    }

    byte[] chunkData(UUID tenantId, UUID id, int seq) {
        return jdbc.queryForObject("select data from tenant_export_chunks where tenant_id = ? and export_id = ? and seq = ?",
                byte[].class, tenantId, id, seq);
    }

    void downloaded(UUID tenantId, UUID id, String by) {
        jdbc.update("delete from tenant_export_chunks where tenant_id = ? and export_id = ?", tenantId, id);
        jdbc.update("update tenant_exports set status = 'DOWNLOADED', downloaded_at = now(), downloaded_by = ? where tenant_id = ? and id = ?",
                by, tenantId, id);
    }

    /** Platform scope: removes the files of exports ready for longer than {@code keep}; answers how many. */
    int expire(Duration keep) {
        List<UUID> stale = jdbc.queryForList("update tenant_exports set status = 'EXPIRED' where status = 'READY' "
                + "and finished_at < now() - make_interval(secs => ?) returning id", UUID.class, (double) keep.toSeconds());
        for (UUID id : stale) {
            jdbc.update("delete from tenant_export_chunks where export_id = ?", id);
        }
        return stale.size();
    }

    /** Platform scope: exports waiting for a builder for longer than {@code after} that have no job (lost at a crash). */
    List<Lost> lost(Duration after) {
        return jdbc.query("select e.tenant_id, e.id from tenant_exports e where e.status = 'PENDING' "
                        + "and e.requested_at < now() - make_interval(secs => ?) "
                        + "and not exists (select 1 from jobrunr_jobs j where j.id = e.id::text)",
                (rs, i) -> new Lost(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), (double) after.toSeconds());
    }

    record Lost(UUID tenantId, UUID exportId) {
    }

    private static RowMapper<TenantExport> mapper(Duration keep) {
        return (rs, i) -> {
            TenantExport.Status status = TenantExport.Status.valueOf(rs.getString("status"));
            Instant finished = instant(rs, "finished_at");
            long size = rs.getLong("size_bytes");
            Long sizeBytes = rs.wasNull() ? null : size;
            return new TenantExport(rs.getObject("id", UUID.class), status, rs.getString("requested_name"),
                    java.util.Objects.requireNonNull(instant(rs, "requested_at")), rs.getString("step"), rs.getInt("steps_done"),
                    rs.getInt("steps_total"), finished, sizeBytes, rs.getString("sha256"), rs.getString("error"),
                    instant(rs, "downloaded_at"), rs.getString("downloaded_by"),
                    status == TenantExport.Status.READY && finished != null ? finished.plus(keep) : null);
        };
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
