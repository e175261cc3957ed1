package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay memory on real PostgreSQL with a 2 s window: an id is refused within the window (also twice in one
 * batch), new again after it, and expired ids are forgotten in batches until none is left.
 */
class ReplayGuardIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ObjectMapper json;

    @Test
    void idsAreRefusedForTheWindowThenNewAgainAndExpiredOnesAreForgottenInBatches() throws Exception {
        var owner = data.newTenant("replay");
        TestData.signInAs(owner);
        UUID tenant = owner.tenantId();
        WorkflowDefinition definition = json.readValue("""
                {"name": "Replay", "nodes": [{"id": "t", "type": "trigger.webhook"}], "edges": []}
                """, WorkflowDefinition.class);
        UUID workflow = TenantContext.callAsTenant(tenant, () -> workflows.create(definition).getId());
        var guard = new ReplayGuard(new WebhookProperties(1000, 100, Duration.ofSeconds(2)), jdbc, tx);
        assertThat(guard.longestTolerance()).isEqualTo(Duration.ofSeconds(1));
        var a = new ReplayGuard.Key(tenant, workflow, "hmac:a");
        var b = new ReplayGuard.Key(tenant, workflow, "hmac:b");

        assertThat(record(guard, tenant, List.of(a, a, b))).containsExactlyInAnyOrder(a, b);
        assertThat(record(guard, tenant, List.of(a))).isEmpty();
        Thread.sleep(2_200);
        assertThat(record(guard, tenant, List.of(a))).as("past the window").containsExactly(a);
        assertThat(record(guard, tenant, List.of(a))).isEmpty();

        // more expired ids than one delete takes, and one still inside the window
        TenantContext.runAsTenant(tenant, () -> data.inTransaction(() -> jdbc.update("""
                insert into webhook_deliveries (workflow_id, message_id, tenant_id, received_at)
                select ?, 'old:' || n, ?, now() - interval '1 hour' from generate_series(1, ?) n
                """, workflow, tenant, ReplayGuard.FORGET_BATCH + 7)));
        guard.forgetExpired();
        List<String> left = TenantContext.callAsTenant(tenant, () -> data.inTransaction(() -> jdbc.queryForList(
                "select message_id from webhook_deliveries where workflow_id = ?", String.class, workflow)));
        assertThat(left).containsExactly("hmac:a");
    }

    private Set<ReplayGuard.Key> record(ReplayGuard guard, UUID tenant, List<ReplayGuard.Key> keys) {
        return TenantContext.callAsTenant(tenant, () -> tx.execute(status ->
                jdbc.execute((ConnectionCallback<Set<ReplayGuard.Key>>) connection -> guard.recordNew(connection, keys))));
    }
}
