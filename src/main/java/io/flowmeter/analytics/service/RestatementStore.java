package io.flowmeter.analytics.service;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The SQL of restatements (appended, never changed). */
@Component
class RestatementStore {

    private final JdbcTemplate jdbc;

    RestatementStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, RoiService.Restatement r, @Nullable UUID byId) {
        jdbc.update("""
                insert into roi_restatements (id, tenant_id, from_day, reason, by_id, by_name, at, facts, currency, value_before, value_after,
                    cost_before, cost_after, minutes_before, minutes_after) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, r.id(), tenantId, r.from(), r.reason(), byId, r.by(), Timestamp.from(r.at()), r.facts(), r.currency(), r.valueBefore(),
                r.valueAfter(), r.costBefore(), r.costAfter(), r.minutesBefore(), r.minutesAfter());
    }

    List<RoiService.Restatement> list(UUID tenantId) {
        return jdbc.query("""
                select id, from_day, reason, by_name, at, facts, currency, value_before, value_after, cost_before, cost_after, minutes_before,
                    minutes_after from roi_restatements where tenant_id = ? order by at desc limit 200
                """, (rs, i) -> new RoiService.Restatement(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getString(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getString(7).strip(), rs.getBigDecimal(8), rs.getBigDecimal(9),
                rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getBigDecimal(13)), tenantId);
    }
}
