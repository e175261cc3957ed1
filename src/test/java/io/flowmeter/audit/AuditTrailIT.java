package io.flowmeter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.service.TenantService;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change the audit log promises to record is recorded, by whom and on what: members, connections, workflows,
 * runs and approvals, ROI, and platform administration; and no secret reaches an entry.
 */
class AuditTrailIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired AuditLog log;
    @Autowired MemberService members;
    @Autowired ConnectionService connections;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired RoiService roi;
    @Autowired TenantService tenants;
    @Autowired ObjectMapper json;

    <T> T in(TestData.Owner owner, Supplier<T> work) {
        TestData.signInAs(owner);
        return TenantContext.callAsTenant(owner.tenantId(), work);
    }

    List<AuditEntry> entries(TestData.Owner owner) {
        return in(owner, () -> log.search(AuditFilter.ALL, null, 200).items());
    }

    UUID publish(TestData.Owner owner, String definition) throws Exception {
        WorkflowDefinition parsed = json.readValue(definition.replace('\'', '"'), WorkflowDefinition.class);
        return in(owner, () -> {
            UUID id = workflows.create(parsed).getId();
            workflows.publish(id);
            return id;
        });
    }

    @Test
    void membersConnectionsWorkflowsRunsAndRoiChangesAreAllRecorded() throws Exception {
        TestData.Owner owner = data.newTenant("audit-trail");
        String secret = "sk-live-audit-trail-0123456789";

        in(owner, () -> {
            members.invite("invitee@example.com", Role.BUILDER);
            members.revokeInvitation(members.pendingInvitations().get(0).getId());
            UUID connection = connections.create("http", "Billing API", AuthKind.BEARER, Map.of("token", secret)).getId();
            connections.replaceCredentials(connection, Map.of("token", secret + "-rotated"));
            connections.revoke(connection);
            connections.delete(connection, true);
            return null;
        });

        UUID workflow = publish(owner, """
                {'name': 'Audited flow', 'nodes': [{'id': 't', 'type': 'trigger.manual'}, {'id': 'parse', 'type': 'util.jsonParse',
                  'params': {'text': '{{trigger.text}}'}}], 'edges': [{'from': 't', 'to': 'parse'}]}""");
        in(owner, () -> {
            workflows.setPaused(workflow, true);
            workflows.setPaused(workflow, false);
            workflows.restore(workflow, 1);
            workflows.importDraft(new WorkflowDefinition("Imported", null, List.of(), List.of()));
            return null;
        });
        UUID failed = in(owner, () -> runs.start(workflow, Map.of("text", "not json"), "test"));
        completions.await(failed, Duration.ofSeconds(20));
        in(owner, () -> {
            runs.rerun(failed, RunService.RerunFrom.START, RunService.RerunVersion.SAME);
            runs.retryFailed(List.of(failed));
            return null;
        });

        UUID approvals = publish(owner, """
                {'name': 'Approve it', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'ok', 'type': 'core.approval', 'params': {'message': 'Go?'}}, {'id': 'after', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'ok'}, {'from': 'ok', 'to': 'after'}]}""");
        UUID decided = in(owner, () -> runs.start(approvals, Map.of(), "test"));
        UUID cancelled = in(owner, () -> runs.start(approvals, Map.of(), "test"));
        awaitWaiting(owner, decided);
        awaitWaiting(owner, cancelled);
        in(owner, () -> {
            runs.decide(decided, "ok", true, "looks right");
            runs.cancel(cancelled);
            roi.change(List.of(new RoiService.Change(AssumptionKind.HOURLY_RATE, "", null, new BigDecimal("55"), null, null)),
                    RoiService.Evidence.NONE);
            roi.restate(LocalDate.now().minusDays(7), "new rate");
            roi.saveSettings("USD", "Europe/Berlin");
            workflows.delete(approvals);
            return null;
        });

        List<AuditEntry> entries = entries(owner);
        assertThat(entries).extracting(AuditEntry::action).contains("member.invited", "member.invitation_revoked",
                "connection.created", "connection.secret_replaced", "connection.revoked", "connection.deleted",
                "workflow.created", "workflow.published", "workflow.paused", "workflow.resumed", "workflow.restored",
                "workflow.imported", "workflow.deleted", "run.rerun", "run.bulk_retried", "approval.decided", "run.cancelled",
                "roi.assumption_changed", "roi.restated", "tenant.settings_changed", "user.signed_up");
        assertThat(entries).allSatisfy(e -> {
            assertThat(String.valueOf(e.before()) + e.after() + e.objectName()).doesNotContain(secret);
            assertThat(e.tenantId()).isEqualTo(owner.tenantId());
        });
        assertThat(entries).filteredOn(e -> e.action().equals("approval.decided")).singleElement().satisfies(e -> {
            assertThat(e.actorName()).isEqualTo(owner.user().getEmail());
            assertThat(e.objectId()).isEqualTo(decided.toString());
            assertThat(e.after()).contains("\"outcome\": \"approved\"").contains("looks right");
        });
        assertThat(entries).filteredOn(e -> e.action().equals("connection.secret_replaced")).singleElement()
                .satisfies(e -> assertThat(e.after()).contains("\"connector\": \"http\"").contains("BEARER"));
        assertThat(entries).filteredOn(e -> e.action().equals("run.cancelled")).singleElement()
                .satisfies(e -> assertThat(e.objectName()).isEqualTo("Approve it"));
    }

    @Test
    void rolesChangedMembersRemovedAndPlatformAdministrationAreRecorded() {
        TestData.Owner owner = data.newTenant("audit-members");
        TestData.Owner colleague = data.newTenant("audit-colleague");
        // the colleague joins the owner's organization through an invitation
        var invite = in(owner, () -> members.invite(colleague.user().getEmail(), Role.VIEWER));
        members.acceptAsExistingUser(invite.link().substring(invite.link().lastIndexOf('/') + 1), TestData.PASSWORD);
        MemberView joined = in(owner, () -> members.members()).stream()
                .filter(m -> m.email().equals(colleague.user().getEmail())).findFirst().orElseThrow();
        in(owner, () -> {
            members.changeRole(joined.membershipId(), Role.BUILDER);
            members.remove(joined.membershipId());
            return null;
        });
        assertThat(entries(owner)).filteredOn(e -> e.objectName() != null && e.objectName().equals(colleague.user().getEmail()))
                .extracting(AuditEntry::action).containsExactly("member.removed", "member.role_changed", "member.joined", "member.invited");
        assertThat(entries(owner)).filteredOn(e -> e.action().equals("member.role_changed")).singleElement().satisfies(e -> {
            assertThat(e.before()).contains("VIEWER");
            assertThat(e.after()).contains("BUILDER");
        });

        TestData.signInAs(data.platformAdmin());
        tenants.suspend(owner.tenantId());
        tenants.reactivate(owner.tenantId());
        tenants.changePlan(owner.tenantId(), new Plan(5, 100, 2, 3));
        var platform = log.searchPlatform(new AuditFilter(null, null, null, null, owner.tenantId().toString()), null, 10).items();
        assertThat(platform).extracting(AuditEntry::action).containsExactly("platform.tenant_plan_changed", "platform.tenant_reactivated",
                "platform.tenant_suspended", "platform.tenant_created");
        assertThat(platform.get(0).before()).contains("\"maxMembers\": 10");
        assertThat(platform.get(0).after()).contains("\"maxMembers\": 3");
        assertThat(platform.get(0).actorName()).isEqualTo("admin@flowmeter.local");
    }

    void awaitWaiting(TestData.Owner owner, UUID run) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            var details = in(owner, () -> runs.get(run));
            if (details.steps().stream().anyMatch(s -> s.step().nodeId().equals("ok") && s.step().status().name().equals("WAITING"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + run + " never waited for its approval");
    }
}
