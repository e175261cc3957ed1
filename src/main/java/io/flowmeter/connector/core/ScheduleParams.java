package io.flowmeter.connector.core;

import org.jobrunr.scheduling.Schedule;
import org.jobrunr.scheduling.cron.CronExpression;
import org.jobrunr.scheduling.interval.Interval;
import org.jspecify.annotations.Nullable;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule trigger's parameters: a cron expression (5 fields, or 6 with seconds first; JobRunr's parser) or a
 * simple interval (ISO-8601, e.g. {@code PT15M}), a time zone, and what to do when a fire finds the previous run
 * still going. Cron times follow the zone's wall clock across daylight-saving changes: a time skipped in spring
 * fires an hour later that day, a time repeated in autumn fires once. Intervals are absolute.
 */
public record ScheduleParams(Schedule schedule, ZoneId zone, Overlap overlap) {

    /** {@code allow}: start anyway; {@code skip}: drop this fire; {@code queue}: start when the previous run ends. */
    public enum Overlap { ALLOW, SKIP, QUEUE }

    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    /** Parses the trigger node's parameters; throws with problems by parameter name. */
    public static ScheduleParams parse(Map<String, Object> params) throws Invalid {
        Map<String, String> problems = new LinkedHashMap<>();
        String cron = text(params.get("cron"));
        String interval = text(params.get("interval"));
        Schedule schedule = null;
        if ((cron == null) == (interval == null)) {
            problems.put(cron == null ? "cron" : "interval", "Give either a cron expression or an interval, not both");
        } else if (cron != null) {
            try {
                schedule = new CronExpression(cron);
                schedule.validate();
            } catch (RuntimeException e) {
                problems.put("cron", "Not a valid cron expression (minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1-5\"): "
                        + e.getMessage());
                schedule = null;
            }
        } else {
            try {
                Duration every = Duration.parse(interval);
                if (every.compareTo(MIN_INTERVAL) < 0) {
                    problems.put("interval", "The shortest interval is one minute (PT1M)");
                } else {
                    schedule = new Interval(every);
                }
            } catch (RuntimeException e) {
                problems.put("interval", "Not an ISO-8601 duration such as PT15M or PT1H");
            }
        }
        if (schedule instanceof CronExpression && schedule.durationBetweenSchedules().compareTo(MIN_INTERVAL) < 0) {
            problems.put("cron", "Fires more often than once a minute; the shortest schedule is one minute");
        }
        ZoneId zone = ZoneId.of("UTC");
        String zoneName = text(params.get("timezone"));
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problems.put("timezone", "Unknown time zone '" + zoneName + "'; use a name such as Europe/Berlin or America/New_York");
            }
        }
        Overlap overlap = Overlap.SKIP;
        String overlapName = text(params.get("overlap"));
        if (overlapName != null) {
            try {
                overlap = Overlap.valueOf(overlapName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put("overlap", "'overlap' is allow, skip or queue");
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new ScheduleParams(schedule, zone, overlap);
    }

    /** The next {@code count} fire times after {@code after}. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> times = new ArrayList<>();
        Instant cursor = after;
        Instant anchor = Instant.EPOCH;
        for (int i = 0; i < count; i++) {
            cursor = schedule.next(anchor, cursor, zone);
            times.add(cursor);
        }
        return times;
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** Parameter problems, by name. */
    public static final class Invalid extends Exception {
        private final Map<String, String> problems;

        Invalid(Map<String, String> problems) {
            super(String.join("; ", problems.values()));
            this.problems = Map.copyOf(problems);
        }

        public Map<String, String> problems() {
            return problems;
        }
    }
}
