package io.flowmeter.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.trigger.schedule.ScheduleFire;
import io.flowmeter.trigger.schedule.ScheduleFireHandler;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedule triggers against real JobRunr: publishing registers the recurring job (in the workflow's zone), pausing
 * removes it, resuming restores it; a fire JobRunr runs starts a run; the overlap policies skip, queue or allow.
 */
class SchedulesIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired StorageProvider jobs;
    @Autowired ScheduleFireHandler handler;
    @Autowired io.flowmeter.admin.service.PlatformAdminService admin;

    final ObjectMapper json = new ObjectMapper();
    ApiClient api;
    String key;
    UUID tenantId;

    @BeforeEach
    void setUp() {
        var owner = data.newTenant("sched");
        tenantId = owner.tenantId();
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
    }

    @Test
    void publishingRegistersTheScheduleAndPausingRemovesIt() throws Exception {
        String workflow = create("""
                {"name": "Morning report", "nodes": [
                  {"id": "t", "type": "trigger.schedule", "params": {"cron": "0 9 * * 1-5", "timezone": "Europe/Berlin"}},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """);
        // the draft can be previewed before publishing
        JsonNode preview = json.readTree(api.call("GET", "/api/v1/workflows/" + workflow + "/schedule?draft=true", null, key).body());
        assertThat(preview.get("active").asBoolean()).isFalse();
        assertThat(preview.get("next")).hasSize(5);
        for (JsonNode time : preview.get("next")) {
            var local = Instant.parse(time.asText()).atZone(ZoneId.of("Europe/Berlin"));
            assertThat(local.getHour()).isEqualTo(9);
            assertThat(local.getDayOfWeek().getValue()).isBetween(1, 5);
        }
        assertThat(recurring(workflow)).isEmpty();

        publish(workflow);
        await(() -> recurring(workflow).isPresent());
        RecurringJob job = recurring(workflow).orElseThrow();
        assertThat(job.getScheduleExpression()).isEqualTo("0 9 * * 1-5");
        assertThat(job.getZoneId()).isEqualTo("Europe/Berlin");
        assertThat(json.readTree(api.call("GET", "/api/v1/workflows/" + workflow + "/schedule", null, key).body()).get("active").asBoolean()).isTrue();

        assertThat(api.call("POST", "/api/v1/workflows/" + workflow + "/pause", null, key).body()).contains("\"paused\":true");
        await(() -> recurring(workflow).isEmpty());
        api.call("POST", "/api/v1/workflows/" + workflow + "/resume", null, key);
        await(() -> recurring(workflow).isPresent());

        // a new version without a schedule removes it
        api.call("PUT", "/api/v1/workflows/" + workflow, """
                {"name": "Morning report", "nodes": [{"id": "t", "type": "trigger.manual"}], "edges": []}
                """, key);
        publish(workflow);
        await(() -> recurring(workflow).isEmpty());
    }

    @Test
    void aFireRunByJobRunrStartsARun() throws Exception {
        String workflow = create("""
                {"name": "Every hour", "nodes": [
                  {"id": "t", "type": "trigger.schedule", "params": {"interval": "PT1H"}},
                  {"id": "n", "type": "core.transform", "params": {"value": {"at": "{{trigger.firedAt}}"}}}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        publish(workflow);
        await(() -> recurring(workflow).isPresent());
        // what JobRunr does when the time comes: turn the recurring job into a job and run it
        jobs.save(recurring(workflow).orElseThrow().toEnqueuedJob());
        await(() -> runs(workflow).size() == 1);
        JsonNode run = runs(workflow).get(0);
        assertThat(run.get("trigger").asText()).isEqualTo("schedule");
        JsonNode details = awaitFinished(run.get("id").asText());
        assertThat(details.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(details.at("/steps/1/output/at").asText())).isBefore(Instant.now());
    }

    @Test
    void overlapPoliciesSkipQueueOrAllow() throws Exception {
        String skip = scheduledSlowWorkflow("skip");
        fire(skip);
        fire(skip);
        assertThat(runs(skip)).hasSize(1);
        assertThat(json.readTree(api.call("GET", "/api/v1/workflows/" + skip + "/schedule", null, key).body()).get("skipped").asLong())
                .isEqualTo(1);

        String allow = scheduledSlowWorkflow("allow");
        fire(allow);
        fire(allow);
        assertThat(runs(allow)).hasSize(2);

        String queue = scheduledSlowWorkflow("queue");
        fire(queue);
        fire(queue);
        assertThat(runs(queue)).hasSize(1);
        assertThat(json.readTree(api.call("GET", "/api/v1/workflows/" + queue + "/schedule", null, key).body()).get("queued").asInt())
                .isEqualTo(1);
        // the first run takes 2 s; when it ends the queued fire starts at once (not at its next 5 s poll)
        await(() -> runs(queue).size() == 2, 45_000);
        var both = runs(queue);
        java.time.Instant firstEnded = java.time.Instant.parse(both.get(1).get("finishedAt").asText());
        java.time.Instant secondStarted = java.time.Instant.parse(both.get(0).get("createdAt").asText());
        assertThat(java.time.Duration.between(firstEnded, secondStarted)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(json.readTree(api.call("GET", "/api/v1/workflows/" + queue + "/schedule", null, key).body()).get("queued").asInt())
                .isZero();

        // a paused workflow's fire starts nothing
        api.call("POST", "/api/v1/workflows/" + allow + "/pause", null, key);
        fire(allow);
        assertThat(runs(allow)).hasSize(2);
    }

    @Test
    void aSuspendedOrganizationsSchedulesFireNothingUntilItIsReactivated() throws Exception {
        String workflow = scheduledSlowWorkflow("allow");
        TestData.signInAs(data.platformAdmin());
        admin.suspend(tenantId);
        fire(workflow);
        admin.reactivate(tenantId);
        assertThat(runs(workflow)).isEmpty();
        fire(workflow);
        assertThat(runs(workflow)).hasSize(1);
    }

    @Test
    void badSchedulesAreRefusedWhenSaved() throws Exception {
        var badCron = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad", "nodes": [{"id": "t", "type": "trigger.schedule", "params": {"cron": "61 * * * *"}}], "edges": []}
                """, key);
        assertThat(badCron.statusCode()).isEqualTo(422);
        assertThat(badCron.body()).contains("params.cron");
        var badZone = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad", "nodes": [{"id": "t", "type": "trigger.schedule", "params": {"interval": "PT5M", "timezone": "Nowhere/City"}}], "edges": []}
                """, key);
        assertThat(badZone.statusCode()).isEqualTo(422);
        assertThat(badZone.body()).contains("Unknown time zone");
        var tooOften = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad", "nodes": [{"id": "t", "type": "trigger.schedule", "params": {"interval": "PT10S"}}], "edges": []}
                """, key);
        assertThat(tooOften.statusCode()).isEqualTo(422);
        String manual = create("""
                {"name": "Manual", "nodes": [{"id": "t", "type": "trigger.manual"}], "edges": []}
                """);
        assertThat(api.call("GET", "/api/v1/workflows/" + manual + "/schedule?draft=true", null, key).statusCode()).isEqualTo(409);
        String other = data.apiKeyFor(data.newTenant("sched-other"));
        assertThat(api.call("GET", "/api/v1/workflows/" + manual + "/schedule?draft=true", null, other).statusCode()).isEqualTo(404);
    }

    // --- helpers

    private String scheduledSlowWorkflow(String overlap) throws Exception {
        String workflow = create("""
                {"name": "Slow OVERLAP", "nodes": [
                  {"id": "t", "type": "trigger.schedule", "params": {"interval": "PT1H", "overlap": "OVERLAP"}},
                  {"id": "wait", "type": "core.delay", "params": {"duration": "PT2S"}}], "edges": [{"from": "t", "to": "wait"}]}
                """.replace("OVERLAP", overlap));
        publish(workflow);
        return workflow;
    }

    private void fire(String workflow) {
        handler.run(new ScheduleFire(tenantId, UUID.fromString(workflow), false));
    }

    private String create(String definition) throws Exception {
        var created = api.call("POST", "/api/v1/workflows", definition, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asText();
    }

    private void publish(String workflow) throws Exception {
        assertThat(api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key).statusCode()).isEqualTo(201);
    }

    private Optional<RecurringJob> recurring(String workflow) {
        return jobs.getRecurringJobs().stream().filter(j -> j.getId().equals("schedule-" + workflow)).findFirst();
    }

    private java.util.List<JsonNode> runs(String workflow) {
        try {
            var list = new java.util.ArrayList<JsonNode>();
            json.readTree(api.call("GET", "/api/v1/runs?workflowId=" + workflow, null, key).body()).get("items").forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitFinished(String runId) throws Exception {
        return api.awaitRun(runId, key);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, 10_000);
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + millis + " ms");
            }
            Thread.sleep(50);
        }
    }
}
