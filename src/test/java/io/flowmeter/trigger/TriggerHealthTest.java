package io.flowmeter.trigger;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When a schedule counts as having missed a fire and a webhook as having gone quiet. */
class TriggerHealthTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static WorkflowDefinition schedule(Map<String, Object> params) {
        return new WorkflowDefinition("s", null, List.of(new Node("t", "trigger.schedule", null, params, null, null, null, null)), List.of());
    }

    @Test
    void aScheduleMissedAFireOnlyBeyondTheGrace() {
        var hourly = schedule(Map.of("interval", "PT1H"));
        assertThat(TriggerHealth.missedFire(hourly, NOW.minus(Duration.ofMinutes(30)), NOW)).isEmpty(); // next fire still ahead
        assertThat(TriggerHealth.missedFire(hourly, NOW.minus(Duration.ofMinutes(63)), NOW)).isEmpty(); // 3 min late: within the grace
        assertThat(TriggerHealth.missedFire(hourly, NOW.minus(Duration.ofMinutes(70)), NOW)).isPresent();
        var daily = schedule(Map.of("cron", "0 9 * * *"));
        assertThat(TriggerHealth.missedFire(daily, Instant.parse("2026-12-01T09:00:10Z"), NOW)).isEmpty();
        assertThat(TriggerHealth.missedFire(daily, Instant.parse("2026-11-30T09:00:10Z"), NOW)).contains(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(TriggerHealth.missedFire(schedule(Map.of("cron", "nonsense")), NOW.minus(Duration.ofDays(9)), NOW)).isEmpty();
    }

    @Test
    void aWebhookIsQuietWhenSilentForTenTimesItsUsualGapAndAtLeastAnHour() {
        List<Instant> everyMinute = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            everyMinute.add(NOW.minus(Duration.ofMinutes(30 + i)));
        }
        assertThat(TriggerHealth.silence(everyMinute, NOW)).isEmpty(); // 30 min quiet: under the hour minimum
        assertThat(TriggerHealth.silence(everyMinute, NOW.plus(Duration.ofMinutes(40)))).contains(Duration.ofMinutes(1));

        List<Instant> daily = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            daily.add(NOW.minus(Duration.ofDays(1 + i)));
        }
        assertThat(TriggerHealth.silence(daily, NOW)).isEmpty(); // one day since the last: usual
        assertThat(TriggerHealth.silence(daily, NOW.plus(Duration.ofDays(10)))).contains(Duration.ofDays(1));
        assertThat(TriggerHealth.silence(daily.subList(0, 4), NOW.plus(Duration.ofDays(100)))).isEmpty(); // too few to know the usual
    }

    @Test
    void durationsReadLikePeopleSayThem() {
        assertThat(TriggerHealth.human(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(TriggerHealth.human(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(TriggerHealth.human(Duration.ofHours(30))).isEqualTo("30 h");
        assertThat(TriggerHealth.human(Duration.ofDays(5))).isEqualTo("5 days");
    }
}
