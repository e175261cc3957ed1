package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.domain.Confidence;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** The SQL of ROI settings and assumptions (appended, never changed), in the caller's transaction. */
@Component
class AssumptionStore {

    private static final RowMapper<Assumption> ASSUMPTION = (rs, i) -> new Assumption(rs.getObject("id", UUID.class),
            AssumptionKind.valueOf(rs.getString("kind")), rs.getString("subject"), rs.getBigDecimal("minutes"), rs.getBigDecimal("money"),
            rs.getBigDecimal("money2"), rs.getBigDecimal("quantity"), rs.getString("rate_name"), rs.getObject("effective_from", LocalDate.class), rs.getString("evidence"),
            rs.getString("evidence_url"), Confidence.of(rs.getString("confidence")), rs.getString("basis"), rs.getObject("owner_id", UUID.class),
            rs.getString("owner_name"), rs.getTimestamp("recorded_at").toInstant());

    /** The settings row: currency and time zone. */
    record Settings(String currency, ZoneId zone) {
    }

    private final JdbcTemplate jdbc;

    AssumptionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Settings settings(UUID tenantId) {
        return jdbc.query("select currency, time_zone from roi_settings where tenant_id = ?",
                        (rs, i) -> new Settings(rs.getString(1).strip(), ZoneId.of(rs.getString(2))), tenantId).stream().findFirst()
                .orElse(new Settings(RoiBook.DEFAULT_CURRENCY, ZoneId.of("UTC")));
    }

    void saveSettings(UUID tenantId, String currency, ZoneId zone, @Nullable UUID by) {
        jdbc.update("""
                insert into roi_settings (tenant_id, currency, time_zone, updated_by) values (?, ?, ?, ?)
                on conflict (tenant_id) do update set currency = excluded.currency, time_zone = excluded.time_zone, updated_at = now(),
                    updated_by = excluded.updated_by
                """, tenantId, currency, zone.getId(), by);
    }

    List<Assumption> all(UUID tenantId) {
        return jdbc.query("select * from roi_assumptions where tenant_id = ? order by kind, subject, effective_from desc, recorded_at desc",
                ASSUMPTION, tenantId);
    }

    List<Assumption> history(UUID tenantId, AssumptionKind kind, String subject) {
        return jdbc.query("""
                select * from roi_assumptions where tenant_id = ? and kind = ? and subject = ? order by effective_from desc, recorded_at desc
                """, ASSUMPTION, tenantId, kind.name(), subject);
    }

    void insert(UUID tenantId, Assumption a) {
        jdbc.update("""
                insert into roi_assumptions (id, tenant_id, kind, subject, minutes, money, money2, quantity, rate_name, effective_from, evidence,
                    evidence_url, confidence, basis, owner_id, owner_name, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, a.id(), tenantId, a.kind().name(), a.subject(), a.minutes(), a.money(), a.money2(), a.quantity(), a.rateName(), a.effectiveFrom(),
                a.evidence(), a.evidenceUrl(), a.confidence().wire(), a.basis(), a.ownerId(), a.ownerName(), Timestamp.from(a.recordedAt()));
    }
}
