package io.flowmeter.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run references its version together with the version's workflow and tenant (one reference, checked once per
 * start): deleting a workflow or a tenant deletes their runs and the runs' steps through it, and a run cannot name a
 * workflow or tenant other than its version's.
 */
class RunReferencesIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired PlatformAdminService admin;
    @Autowired ObjectMapper json;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;

    @Test
    void deletingAWorkflowDeletesItsRunsAndTheirStepsAndNoOtherWorkflows() throws Exception {
        Owner owner = data.newTenant("refs");
        UUID doomed = published(owner);
        UUID kept = published(owner);
        UUID doomedRun = ran(owner, doomed);
        UUID keptRun = ran(owner, kept);
        assertThat(steps(doomedRun)).isEqualTo(2);

        TestData.signInAs(owner);
        TenantContext.runAsTenant(owner.tenantId(), () -> workflows.delete(doomed));

        assertThat(runsOf(doomedRun)).isZero();
        assertThat(steps(doomedRun)).isZero();
        assertThat(runsOf(keptRun)).isOne();
        assertThat(steps(keptRun)).isEqualTo(2);
    }

    @Test
    void deletingATenantDeletesItsRunsAndTheirSteps() throws Exception {
        Owner doomed = data.newTenant("refs-doomed");
        Owner kept = data.newTenant("refs-kept");
        UUID doomedRun = ran(doomed, published(doomed));
        UUID keptRun = ran(kept, published(kept));

        TestData.signInAs(data.platformAdmin());
        admin.delete(doomed.tenantId(), doomed.principal().tenantName().substring(4));

        assertThat(runsOf(doomedRun)).isZero();
        assertThat(steps(doomedRun)).isZero();
        assertThat(runsOf(keptRun)).isOne();
        assertThat(steps(keptRun)).isEqualTo(2);
    }

    @Test
    void aRunCannotNameAWorkflowOrTenantOtherThanItsVersions() throws Exception {
        Owner owner = data.newTenant("refs-own");
        Owner other = data.newTenant("refs-other");
        UUID workflow = published(owner);
        UUID otherWorkflow = published(owner);
        UUID run = ran(owner, workflow);
        var db = new JdbcTemplate(ownerDataSource); // the schema's owner: no row-level security in the way
        UUID version = db.queryForObject("select version_id from runs where id = ?", UUID.class, run);
        String insert = """
                insert into runs (id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input)
                values (?, ?, ?, ?, 1, 'RUNNING', 'test', '{}')""";

        assertThatThrownBy(() -> db.update(insert, UUID.randomUUID(), owner.tenantId(), otherWorkflow, version))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("runs_version_fkey");
        assertThatThrownBy(() -> db.update(insert, UUID.randomUUID(), other.tenantId(), workflow, version))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("runs_version_fkey");
        assertThatThrownBy(() -> db.update(insert, UUID.randomUUID(), owner.tenantId(), workflow, UUID.randomUUID()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("runs_version_fkey");
        UUID again = UUID.randomUUID();
        db.update(insert, again, owner.tenantId(), workflow, version); // its own version, workflow and tenant
        assertThat(runsOf(again)).isOne();
    }

    private UUID published(Owner owner) throws Exception {
        TestData.signInAs(owner);
        var definition = json.readValue("""
                {"name": "refs", "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "a", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "a"}]}
                """, WorkflowDefinition.class);
        return TenantContext.callAsTenant(owner.tenantId(), () -> {
            var created = workflows.create(definition);
            workflows.publish(created.getId());
            return created.getId();
        });
    }

    private UUID ran(Owner owner, UUID workflow) throws Exception {
        TestData.signInAs(owner);
        UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
        completions.await(run, Duration.ofSeconds(10));
        return run;
    }

    private long runsOf(UUID run) {
        return new JdbcTemplate(ownerDataSource).queryForObject("select count(*) from runs where id = ?", Long.class, run);
    }

    private long steps(UUID run) {
        return new JdbcTemplate(ownerDataSource).queryForObject("select count(*) from step_runs where run_id = ?", Long.class, run);
    }
}
