package io.flowmeter.analytics.service;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Sums for reports: the rollup plus the facts not rolled up yet, read in one snapshot (a fact is in exactly one of
 * them), by the organization's days. The rollup is read per day (roi_daily, which triggers keep equal to roi_hourly
 * summed per day): a day is the smallest unit a report shows. Money is rounded to the currency's scale only here.
 */
@Component
public class RoiReports {

    /** Raw sums of a period (or of one group of it). */
    public record Sums(long runs, long succeeded, long failed, BigDecimal minutesSaved, BigDecimal minutesSpent, BigDecimal valueSaved,
                       BigDecimal cost, BigDecimal costLlm, BigDecimal costCalls, BigDecimal costCompute, BigDecimal costPeople,
                       BigDecimal costFailed, BigDecimal valueLow, BigDecimal valueMedium, BigDecimal valueHigh, BigDecimal runMs) {

        static final Sums ZERO = new Sums(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        /** These sums and {@code other}'s added up (the groups of a period add up to the period). */
        public Sums plus(Sums other) {
            return new Sums(runs + other.runs, succeeded + other.succeeded, failed + other.failed, minutesSaved.add(other.minutesSaved),
                    minutesSpent.add(other.minutesSpent), valueSaved.add(other.valueSaved), cost.add(other.cost), costLlm.add(other.costLlm),
                    costCalls.add(other.costCalls), costCompute.add(other.costCompute), costPeople.add(other.costPeople),
                    costFailed.add(other.costFailed), valueLow.add(other.valueLow), valueMedium.add(other.valueMedium),
                    valueHigh.add(other.valueHigh), runMs.add(other.runMs));
        }

        /** The sums of all {@code groups}: of a whole period, when they are its groups. */
        public static Sums total(List<Group> groups) {
            Sums total = ZERO;
            for (Group g : groups) {
                total = total.plus(g.sums());
            }
            return total;
        }

        /** The average run's duration in ms; none without runs. */
        public @Nullable BigDecimal averageRunMs() {
            return runs == 0 ? null : runMs.divide(BigDecimal.valueOf(runs), 0, RoundingMode.HALF_EVEN);
        }

        /** Net value per run; none without runs. */
        public @Nullable BigDecimal netPerRun() {
            return runs == 0 ? null : net().divide(BigDecimal.valueOf(runs), 6, RoundingMode.HALF_EVEN);
        }

        public BigDecimal net() {
            return valueSaved.subtract(cost);
        }

        public BigDecimal hoursSaved() {
            return minutesSaved.divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_EVEN);
        }

        /** Net value per unit of cost; none without costs. */
        public @Nullable BigDecimal roi() {
            return cost.signum() == 0 ? null : net().divide(cost, 4, RoundingMode.HALF_EVEN);
        }

        public @Nullable BigDecimal successRate() {
            return runs == 0 ? null : BigDecimal.valueOf(succeeded).divide(BigDecimal.valueOf(runs), 4, RoundingMode.HALF_EVEN);
        }

        /** The share of the value resting on low-confidence assumptions (0–1); none without value. */
        public @Nullable BigDecimal lowConfidenceShare() {
            return valueSaved.signum() <= 0 ? null : valueLow.divide(valueSaved, 4, RoundingMode.HALF_EVEN);
        }
    }

    /** Sums of one group: a workflow, a version or a period of the series. */
    public record Group(String key, Sums sums) {
    }

    public enum Interval { DAY, WEEK, MONTH }

    private static final String COLUMNS = """
            coalesce(sum(runs), 0), coalesce(sum(succeeded), 0), coalesce(sum(failed), 0), coalesce(sum(minutes_saved), 0),
            coalesce(sum(minutes_spent), 0), coalesce(sum(value_saved), 0), coalesce(sum(cost), 0), coalesce(sum(cost_llm), 0),
            coalesce(sum(cost_calls), 0), coalesce(sum(cost_compute), 0), coalesce(sum(cost_people), 0), coalesce(sum(cost_failed), 0),
            coalesce(sum(value_low), 0), coalesce(sum(value_medium), 0), coalesce(sum(value_high), 0), coalesce(sum(run_ms), 0)
            """;

    /** roi_daily's columns, and the same from the facts not rolled up yet. */
    private static final String SOURCE = """
            (select workflow_id, version_number, local_day, currency, runs, succeeded, failed, minutes_saved, minutes_spent, value_saved, cost,
                    cost_llm, cost_calls, cost_compute, cost_people, cost_failed, value_low, value_medium, value_high, run_ms
             from roi_daily where tenant_id = ? and local_day between ? and ? %1$s
             union all
             select workflow_id, version_number, local_day, currency, case when kind = 'RUN' then 1 else 0 end,
                    case when kind = 'RUN' and status = 'SUCCEEDED' then 1 else 0 end, case when kind = 'RUN' and status = 'FAILED' then 1 else 0 end,
                    minutes_saved, minutes_spent, value_saved, cost, case when kind = 'LLM' then cost else 0 end,
                    case when kind = 'CALL' then cost else 0 end, case when kind = 'COMPUTE' then cost else 0 end,
                    case when kind in ('APPROVAL', 'TRIAGE') then cost else 0 end, case when kind = 'TRIAGE' then cost else 0 end,
                    case when confidence = 'low' then value_saved else 0 end, case when confidence = 'medium' then value_saved else 0 end,
                    case when confidence = 'high' then value_saved else 0 end, case when kind = 'RUN' then quantity else 0 end
             from roi_facts where tenant_id = ? and not rolled and (kind <> 'VALUE' or status <> 'PENDING') and local_day between ? and ? %1$s
            ) s where currency = ?
            """;

    private final JdbcTemplate jdbc;

    RoiReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sums of the organization's days from..to (inclusive), in its currency, optionally of one workflow. */
    @Transactional(readOnly = true)
    public Sums sums(UUID tenantId, String currency, LocalDate from, LocalDate to, @Nullable UUID workflowId) {
        List<Object> args = args(tenantId, currency, from, to, workflowId);
        return jdbc.query("select " + COLUMNS + " from " + source(workflowId), (rs, i) -> sums(rs, 1), args.toArray())
                .stream().findFirst().orElse(Sums.ZERO);
    }

    /** Sums per workflow (key: its id), biggest net value first. */
    @Transactional(readOnly = true)
    public List<Group> byWorkflow(UUID tenantId, String currency, LocalDate from, LocalDate to) {
        return grouped("workflow_id::text", tenantId, currency, from, to, null, "coalesce(sum(value_saved), 0) - coalesce(sum(cost), 0) desc");
    }

    /** Sums per version of one workflow (key: the version number), oldest first. */
    @Transactional(readOnly = true)
    public List<Group> byVersion(UUID tenantId, String currency, LocalDate from, LocalDate to, UUID workflowId) {
        return grouped("version_number::text", tenantId, currency, from, to, workflowId, "min(version_number)");
    }

    /** Sums per day, week (from Monday) or month (key: its first day), every period of the range present. */
    @Transactional(readOnly = true)
    public List<Group> series(UUID tenantId, String currency, LocalDate from, LocalDate to, Interval interval, @Nullable UUID workflowId) {
        String unit = interval.name().toLowerCase(Locale.ROOT);
        List<Group> found = grouped("date_trunc('" + unit + "', local_day)::date::text", tenantId, currency, from, to, workflowId, "1");
        java.util.Map<String, Sums> byKey = new java.util.HashMap<>();
        found.forEach(g -> byKey.put(g.key(), g.sums()));
        List<Group> series = new ArrayList<>();
        for (LocalDate start = start(from, interval); !start.isAfter(to); start = next(start, interval)) {
            series.add(new Group(start.toString(), byKey.getOrDefault(start.toString(), Sums.ZERO)));
        }
        return series;
    }

    static LocalDate start(LocalDate day, Interval interval) {
        return switch (interval) {
            case DAY -> day;
            case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L);
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private static LocalDate next(LocalDate start, Interval interval) {
        return switch (interval) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plus(1, ChronoUnit.MONTHS);
        };
    }

    private List<Group> grouped(String key, UUID tenantId, String currency, LocalDate from, LocalDate to, @Nullable UUID workflowId, String order) {
        List<Object> args = args(tenantId, currency, from, to, workflowId);
        return jdbc.query("select " + key + ", " + COLUMNS + " from " + source(workflowId) + " group by 1 order by " + order,
                (rs, i) -> new Group(rs.getString(1), sums(rs, 2)), args.toArray());
    }

    private static String source(@Nullable UUID workflowId) {
        return SOURCE.formatted(workflowId == null ? "" : "and workflow_id = ?");
    }

    private static List<Object> args(UUID tenantId, String currency, LocalDate from, LocalDate to, @Nullable UUID workflowId) {
        List<Object> args = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            args.add(tenantId);
            args.add(from);
            args.add(to);
            if (workflowId != null) {
                args.add(workflowId);
            }
        }
        args.add(currency);
        return args;
    }

    private static Sums sums(ResultSet rs, int first) throws SQLException {
        return new Sums(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getBigDecimal(first + 3),
                rs.getBigDecimal(first + 4), rs.getBigDecimal(first + 5), rs.getBigDecimal(first + 6), rs.getBigDecimal(first + 7),
                rs.getBigDecimal(first + 8), rs.getBigDecimal(first + 9), rs.getBigDecimal(first + 10), rs.getBigDecimal(first + 11),
                rs.getBigDecimal(first + 12), rs.getBigDecimal(first + 13), rs.getBigDecimal(first + 14), rs.getBigDecimal(first + 15));
    }
}
