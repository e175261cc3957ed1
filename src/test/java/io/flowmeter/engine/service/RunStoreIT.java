package io.flowmeter.engine.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run store's combined statements say what a separate read after them would have said. */
class RunStoreIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunStore store;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @Test
    void finishingAStepReadsTheRunsStatesAsTheyAreAfterItAndAStaleAttemptChangesNothing() throws Exception {
        var owner = data.newTenant("run-store");
        TestData.signInAs(owner);
        WorkflowDefinition definition = json.readValue("""
                {"name": "waits", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "wait", "type": "core.delay", "params": {"duration": "PT1H"}}, {"id": "later", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "wait"}, {"from": "wait", "to": "later"}]}""", WorkflowDefinition.class);
        UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> {
            var created = workflows.create(definition);
            workflows.publish(created.getId());
            return runs.start(created.getId(), Map.of(), "test");
        });
        try {
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline) && TenantContext.callAsTenant(owner.tenantId(), () -> tx.execute(s -> store.steps(run)))
                    .stream().noneMatch(step -> step.nodeId().equals("wait") && step.status() == StepStatus.WAITING)) {
                Thread.sleep(20);
            }
            TenantContext.runAsTenant(owner.tenantId(), () -> tx.executeWithoutResult(status -> {
                // "later" as if it had been queued: the one attempt that may finish
                jdbc.update("update step_runs set status = 'QUEUED', attempt = 1 where run_id = ? and node_id = 'later'", run);
                StepRow later = store.steps(run).stream().filter(step -> step.nodeId().equals("later")).findFirst().orElseThrow();
                Instant now = Instant.now();

                var after = store.finishReadingStates(run, later.id(), 1, StepStatus.SUCCEEDED, "{\"ok\": true}", null, now.minusMillis(5), now);

                assertThat(after).contains(Map.of("t", StepStatus.SUCCEEDED, "wait", StepStatus.WAITING, "later", StepStatus.SUCCEEDED));
                assertThat(after.orElseThrow()).isEqualTo(store.states(run)); // what a read after it says
                StepRow finished = store.steps(run).stream().filter(step -> step.nodeId().equals("later")).findFirst().orElseThrow();
                assertThat(finished.output()).isEqualTo("{\"ok\": true}");
                assertThat(finished.durationMs()).isEqualTo(5L);
                // again, or another attempt: that attempt is settled, nothing changes
                assertThat(store.finishReadingStates(run, later.id(), 1, StepStatus.FAILED, null, "late", now, now)).isEmpty();
                assertThat(store.finishReadingStates(run, later.id(), 2, StepStatus.FAILED, null, "late", now, now)).isEmpty();
                assertThat(store.states(run)).containsEntry("later", StepStatus.SUCCEEDED);
                status.setRollbackOnly();
            }));
        } finally {
            TenantContext.runAsTenant(owner.tenantId(), () -> runs.cancel(run));
        }
    }
}
