package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Cadence;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of emailed ROI statements' schedules; a period is claimed by moving sent_through on, once. */
@Component
class StatementScheduleStore {

    private final JdbcTemplate jdbc;

    StatementScheduleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StatementSchedule> find(UUID tenantId) {
        return jdbc.query("select cadence, recipients, sent_through, last_sent_at, last_result from roi_statement_schedules where tenant_id = ?",
                (rs, i) -> new StatementSchedule(Cadence.valueOf(rs.getString(1)), uuids(rs.getArray(2)), rs.getObject(3, LocalDate.class),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5)), tenantId).stream().findFirst();
    }

    /**
     * Saves the schedule. Nothing is sent for periods that ended before now: sent_through moves on to
     * {@code lastWholePeriodEnd} if it is behind it.
     */
    void save(UUID tenantId, Cadence cadence, List<UUID> recipients, LocalDate lastWholePeriodEnd, @Nullable UUID by) {
        jdbc.update("""
                insert into roi_statement_schedules (tenant_id, cadence, recipients, sent_through, updated_by) values (?, ?, ?::uuid[], ?, ?)
                on conflict (tenant_id) do update set cadence = excluded.cadence, recipients = excluded.recipients,
                    sent_through = greatest(coalesce(roi_statement_schedules.sent_through, excluded.sent_through), excluded.sent_through),
                    updated_at = now(), updated_by = excluded.updated_by
                """, tenantId, cadence.name(), array(recipients), lastWholePeriodEnd, by);
    }

    void delete(UUID tenantId) {
        jdbc.update("delete from roi_statement_schedules where tenant_id = ?", tenantId);
    }

    /** True when this caller claimed the period ending {@code periodEnd} (nobody had sent it yet). */
    boolean claim(UUID tenantId, LocalDate periodEnd) {
        return jdbc.update("update roi_statement_schedules set sent_through = ? where tenant_id = ? and (sent_through is null or sent_through < ?)",
                periodEnd, tenantId, periodEnd) == 1;
    }

    void result(UUID tenantId, Instant at, String result) {
        jdbc.update("update roi_statement_schedules set last_sent_at = ?, last_result = ? where tenant_id = ?", Timestamp.from(at),
                result.length() > 1000 ? result.substring(0, 1000) : result, tenantId);
    }

    /** Organizations with a schedule, active ones only (platform scope). */
    List<UUID> scheduledTenants() {
        return jdbc.queryForList("""
                select s.tenant_id from roi_statement_schedules s join tenants t on t.id = s.tenant_id where t.status = 'ACTIVE' order by s.tenant_id
                """, UUID.class);
    }

    private static String array(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> v instanceof UUID u ? u : UUID.fromString(String.valueOf(v))).toList();
    }
}
