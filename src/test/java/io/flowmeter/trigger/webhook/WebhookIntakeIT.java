package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group-commit intake on real PostgreSQL: one batch with a replayed message id and a delivery the database
 * refuses (its workflow is gone) stores the others, refuses the replay, fails only the bad one, and every stored
 * delivery becomes its run.
 */
class WebhookIntakeIT extends IntegrationTest {

    @Autowired WebhookIntake intake;
    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @Test
    void aBatchStoresWhatItCanRefusesReplaysAndFailsOnlyTheBadDelivery() throws Exception {
        var owner = data.newTenant("intake");
        TestData.signInAs(owner);
        UUID tenant = owner.tenantId();
        WorkflowDefinition definition = json.readValue("""
                {"name": "Intake", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """, WorkflowDefinition.class);
        WorkflowVersion version = TenantContext.callAsTenant(tenant, () -> {
            var workflow = workflows.create(definition);
            return workflows.publish(workflow.getId());
        });
        UUID workflow = version.getWorkflowId();

        var first = delivery(tenant, workflow, version, "msg_a");
        var replay = delivery(tenant, workflow, version, "msg_a");
        var unsigned = delivery(tenant, workflow, version, null);
        var orphan = delivery(tenant, UUID.randomUUID(), version, null); // no such workflow: a foreign key refuses it
        intake.writeOrSplit(List.of(first, replay, unsigned, orphan));

        assertThat(first.stored().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(replay.stored().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(unsigned.stored().get(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> orphan.stored().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        // the stored ones become their runs (the inbox drainer also polls, so no wake-up is needed here)
        long deadline = System.currentTimeMillis() + 15_000;
        List<UUID> runs;
        do {
            Thread.sleep(100);
            runs = TenantContext.callAsTenant(tenant, () -> data.inTransaction(() -> jdbc.queryForList(
                    "select id from runs where workflow_id = ?", UUID.class, workflow)));
        } while (runs.size() < 2 && System.currentTimeMillis() < deadline);
        assertThat(runs).containsExactlyInAnyOrder(first.runId(), unsigned.runId());
    }

    private WebhookIntake.Delivery delivery(UUID tenant, UUID workflow, WorkflowVersion version, String messageId) {
        return new WebhookIntake.Delivery(UUID.randomUUID(), tenant, workflow, version.getId(), "{\"body\": {\"n\": 1}}", messageId);
    }
}
