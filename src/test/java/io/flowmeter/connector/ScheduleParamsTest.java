package io.flowmeter.connector;

import io.flowmeter.connector.core.ScheduleParams;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schedule parameters: parsing, refusals, and fire times across daylight-saving changes. */
class ScheduleParamsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static List<String> local(List<Instant> times, ZoneId zone) {
        return times.stream().map(t -> t.atZone(zone).toLocalDateTime().toString() + " " + t.atZone(zone).getOffset()).toList();
    }

    @Test
    void weekdayMorningsStayAtNineLocalTimeAcrossTheSpringChange() throws Exception {
        var params = ScheduleParams.parse(Map.of("cron", "0 9 * * 1-5", "timezone", "Europe/Berlin"));
        assertThat(local(params.next(Instant.parse("2026-03-26T12:00:00Z"), 5), BERLIN)).containsExactly(
                "2026-03-27T09:00 +01:00", "2026-03-30T09:00 +02:00", "2026-03-31T09:00 +02:00",
                "2026-04-01T09:00 +02:00", "2026-04-02T09:00 +02:00");
    }

    @Test
    void aTimeSkippedInSpringFiresAnHourLaterAndARepeatedTimeInAutumnFiresOnce() throws Exception {
        var params = ScheduleParams.parse(Map.of("cron", "30 2 * * *", "timezone", "Europe/Berlin"));
        // 2026-03-29 02:30 does not exist in Berlin: that day's fire is at 03:30 summer time, once
        assertThat(local(params.next(Instant.parse("2026-03-27T12:00:00Z"), 3), BERLIN)).containsExactly(
                "2026-03-28T02:30 +01:00", "2026-03-29T03:30 +02:00", "2026-03-30T02:30 +02:00");
        // 2026-10-25 02:30 happens twice: it fires once, at the first
        assertThat(local(params.next(Instant.parse("2026-10-23T12:00:00Z"), 3), BERLIN)).containsExactly(
                "2026-10-24T02:30 +02:00", "2026-10-25T02:30 +02:00", "2026-10-26T02:30 +01:00");
    }

    @Test
    void intervalsAreAbsoluteTimeEvenAcrossTheChange() throws Exception {
        var params = ScheduleParams.parse(Map.of("interval", "PT30M", "timezone", "Europe/Berlin"));
        List<Instant> next = params.next(Instant.parse("2026-03-29T00:40:00Z"), 3);
        for (int i = 1; i < next.size(); i++) {
            assertThat(java.time.Duration.between(next.get(i - 1), next.get(i))).hasMinutes(30);
        }
        assertThat(params.zone()).isEqualTo(BERLIN);
        assertThat(params.overlap()).isEqualTo(ScheduleParams.Overlap.SKIP);
    }

    @Test
    void defaultsAndChoices() throws Exception {
        var params = ScheduleParams.parse(Map.of("cron", "*/15 * * * *", "overlap", "queue"));
        assertThat(params.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(params.overlap()).isEqualTo(ScheduleParams.Overlap.QUEUE);
        assertThat(params.next(Instant.parse("2026-01-01T10:07:00Z"), 2))
                .containsExactly(Instant.parse("2026-01-01T10:15:00Z"), Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of())).isInstanceOf(ScheduleParams.Invalid.class)
                .hasMessageContaining("either a cron expression or an interval");
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("cron", "0 9 * * *", "interval", "PT1H")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("cron", "99 9 * * *"))).isInstanceOf(ScheduleParams.Invalid.class)
                .satisfies(e -> assertThat(((ScheduleParams.Invalid) e).problems()).containsKey("cron"));
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("cron", "* * * * * *"))).hasMessageContaining("once a minute");
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("interval", "PT30S"))).hasMessageContaining("one minute");
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("interval", "every hour"))).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("cron", "0 9 * * *", "timezone", "Mars/Olympus")))
                .satisfies(e -> assertThat(((ScheduleParams.Invalid) e).problems()).containsOnlyKeys("timezone"));
        assertThatThrownBy(() -> ScheduleParams.parse(Map.of("cron", "0 9 * * *", "overlap", "sometimes")))
                .satisfies(e -> assertThat(((ScheduleParams.Invalid) e).problems()).containsOnlyKeys("overlap"));
    }
}
