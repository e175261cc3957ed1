package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.AlertKind;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of ROI alerts: raised once per workflow, kind and day; open until dismissed. */
@Component
class AlertStore {

    private final JdbcTemplate jdbc;

    AlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The new alert, or empty when this workflow already raised one of this kind for this day. */
    Optional<RoiAlert> raise(UUID tenantId, UUID workflowId, AlertKind kind, LocalDate day, String message, @Nullable BigDecimal baseline,
                             @Nullable BigDecimal actual, Instant now) {
        UUID id = UUID.randomUUID();
        int added = jdbc.update("""
                insert into roi_alerts (id, tenant_id, workflow_id, kind, local_day, message, baseline, actual, raised_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, workflow_id, kind, local_day) do nothing
                """, id, tenantId, workflowId, kind.name(), day, message, baseline, actual, Timestamp.from(now));
        return added == 0 ? Optional.empty() : Optional.of(new RoiAlert(id, workflowId, kind, day, message, baseline, actual, now, 0));
    }

    void emailed(UUID id, int recipients) {
        jdbc.update("update roi_alerts set emailed_to = ? where id = ?", recipients, id);
    }

    /** The organization's alerts not dismissed, newest first. */
    List<RoiAlert> open(UUID tenantId, @Nullable UUID workflowId, int limit) {
        return jdbc.query("""
                select id, workflow_id, kind, local_day, message, baseline, actual, raised_at, emailed_to from roi_alerts
                where tenant_id = ? and dismissed_at is null and (?::uuid is null or workflow_id = ?::uuid)
                order by raised_at desc, id limit ?
                """, (rs, i) -> new RoiAlert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), AlertKind.valueOf(rs.getString(3)),
                rs.getObject(4, LocalDate.class), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant(),
                rs.getInt(9)), tenantId, workflowId, workflowId, limit);
    }

    /** False when there is no such open alert in the organization. */
    boolean dismiss(UUID tenantId, UUID id, String by, Instant now) {
        return jdbc.update("update roi_alerts set dismissed_at = ?, dismissed_by = ? where tenant_id = ? and id = ? and dismissed_at is null",
                Timestamp.from(now), by, tenantId, id) == 1;
    }

    /** Every active organization (platform scope). */
    List<UUID> activeTenants() {
        return jdbc.queryForList("select id from tenants where status = 'ACTIVE' order by id", UUID.class);
    }
}
