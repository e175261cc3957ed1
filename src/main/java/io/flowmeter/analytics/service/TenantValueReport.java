package io.flowmeter.analytics.service;

import io.flowmeter.analytics.TenantValues;
import io.flowmeter.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link TenantValues} from roi_daily, in one query over the organizations asked for. Only figures in an
 * organization's current currency count (a currency changed in the period leaves the older figures out, as its own
 * dashboard does).
 */
@Service
class TenantValueReport implements TenantValues {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    TenantValueReport(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Map<UUID, Usage> lastDays(Collection<UUID> tenantIds, int days) {
        if (tenantIds.isEmpty()) {
            return Map.of();
        }
        if (days < 1 || days > RoiService.MAX_DAYS) {
            throw new IllegalArgumentException("days is between 1 and " + RoiService.MAX_DAYS);
        }
        // a day earlier than UTC's: organizations east of UTC are a day ahead
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L);
        UUID[] ids = tenantIds.toArray(UUID[]::new);
        Map<UUID, Usage> usage = new HashMap<>();
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> jdbc.query("""
                select d.tenant_id, d.currency, sum(d.runs), sum(d.succeeded), sum(d.failed), count(distinct d.workflow_id),
                    sum(d.minutes_saved), sum(d.value_saved), sum(d.cost)
                from roi_daily d left join roi_settings s on s.tenant_id = d.tenant_id
                where d.tenant_id = any(?) and d.local_day >= ? and d.currency = coalesce(s.currency, ?)
                group by d.tenant_id, d.currency
                """, rs -> {
            String currency = rs.getString(2).strip();
            usage.put(rs.getObject(1, UUID.class), new Usage(currency, rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    rs.getBigDecimal(7).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_EVEN),
                    RoiMaths.money(rs.getBigDecimal(8), currency), RoiMaths.money(rs.getBigDecimal(9), currency)));
        }, ids, from, RoiBook.DEFAULT_CURRENCY)));
        return usage;
    }
}
