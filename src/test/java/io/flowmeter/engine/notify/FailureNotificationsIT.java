package io.flowmeter.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.engine.notify.WorkflowNotification.Mode;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.ReplayServer;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failure notifications end to end on real parts: runs fail in the engine on real JobRunr and PostgreSQL, messages go
 * to GreenMail and to the Slack stand-in. The test profile's window is 4 s and its sweep runs every second.
 */
class FailureNotificationsIT extends IntegrationTest {

    static final String SLACK_TOKEN = "xoxb-notify-0123456789abcdef";
    static final Duration WINDOW = Duration.ofSeconds(4);
    static final String LINK = "http://localhost:8080/runs/";

    @Autowired NotificationSettings settings;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired ConnectionService connections;
    @Autowired RunCompletions completions;
    @Autowired TestData data;
    @Autowired NoticeSweep sweep;
    @Autowired JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    Owner owner;
    TenantContext.Handle scope;

    @BeforeEach
    void signIn() {
        SLACK.forgetAnswers(); // an earlier test's second message may still be due; its answer is not this test's
        owner = data.newTenant("notify");
        enter(owner);
    }

    @AfterEach
    void leave() {
        scope.close();
    }

    @Test
    void aFailedRunIsReportedOnceByEmailAndInSlackWithItsLink() throws Exception {
        UUID slack = slackConnection();
        String to = address("ops");
        settings.saveTenantDefault(new NotificationTargets(List.of(to), slack, "#alerts"));
        SLACK.answerJson(200, "{\"ok\": true, \"channel\": \"C0ALERTS\", \"ts\": \"1700000100.000100\"}");
        String name = unique("Order sync");
        UUID workflow = failingWorkflow(name);

        UUID run = failedRun(workflow);

        List<MimeMessage> mails = awaitMails(name, 1);
        List<ReplayServer.Recorded> posts = awaitPosts(name, 1);
        assertThat(mails.get(0).getAllRecipients()).extracting(Object::toString).containsExactly(to);
        assertThat(mails.get(0).getSubject()).isEqualTo("Flowmeter: a run of \"" + name + "\" failed");
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains(LINK + run).contains("Step 'bad' failed");
        JsonNode post = json.readTree(posts.get(0).body());
        assertThat(post.get("channel").asText()).isEqualTo("#alerts");
        assertThat(post.get("text").asText()).contains("A run of \"" + name + "\" failed").contains("<" + LINK + run + "|Open the run>");
        assertThat(posts.get(0).header("Authorization")).isEqualTo("Bearer " + SLACK_TOKEN);

        await("the delivery is recorded", () -> settings.lastNotice(workflow).map(n -> n.outcome() != null).orElse(false));
        assertThat(settings.lastNotice(workflow).orElseThrow().outcome()).contains("Email to " + to + " sent").contains("Slack #alerts: posted");
        Thread.sleep(2500); // two sweeps: nothing is sent twice
        assertThat(mails(name)).hasSize(1);
        assertThat(posts(name)).hasSize(1);
    }

    @Test
    void failuresWithinTheWindowAreReportedTogetherWhenItEnds() throws Exception {
        UUID slack = slackConnection();
        String to = address("oncall");
        String name = unique("Invoices");
        UUID workflow = failingWorkflow(name);
        settings.saveForWorkflow(workflow, new WorkflowNotification(Mode.OWN, new NotificationTargets(List.of(to), slack, "#billing")));
        SLACK.answerJson(200, "{\"ok\": true, \"channel\": \"C0BILL\", \"ts\": \"1700000200.000100\"}")
                .answerJson(200, "{\"ok\": true, \"channel\": \"C0BILL\", \"ts\": \"1700000201.000100\"}");

        UUID first = failedRun(workflow);
        awaitMails(name, 1);
        long firstSeen = System.nanoTime();
        awaitPosts(name, 1);
        UUID second = failedRun(workflow);
        UUID third = failedRun(workflow);
        Thread.sleep(800);
        assertThat(Duration.ofNanos(System.nanoTime() - firstSeen)).as("still inside the window").isLessThan(WINDOW.minusMillis(500));
        assertThat(mails(name)).as("no message before the window ends").hasSize(1);
        assertThat(posts(name)).hasSize(1);

        List<MimeMessage> mails = awaitMails(name, 2);
        long secondSeen = System.nanoTime();
        List<ReplayServer.Recorded> posts = awaitPosts(name, 2);
        assertThat(Duration.ofNanos(secondSeen - firstSeen)).as("one message per window").isGreaterThan(WINDOW.minusMillis(500));
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains(LINK + first);
        assertThat(mails.get(1).getSubject()).isEqualTo("Flowmeter: 2 runs of \"" + name + "\" failed");
        String body = GreenMailUtil.getBody(mails.get(1));
        assertThat(body).contains("2 runs of \"" + name + "\" failed since").containsAnyOf(LINK + second, LINK + third);
        String text = json.readTree(posts.get(1).body()).get("text").asText();
        assertThat(text).contains("2 runs of \"" + name + "\" failed since").containsAnyOf(LINK + second, LINK + third);

        Thread.sleep(2500);
        assertThat(mails(name)).hasSize(2);
        assertThat(posts(name)).hasSize(2);
        assertThat(settings.lastNotice(workflow).orElseThrow().pending()).isZero();
    }

    @Test
    void theOrganizationsDefaultAppliesUnlessAWorkflowHasItsOwnOrIsSwitchedOff() throws Exception {
        String byDefault = address("default");
        String own = address("own");
        settings.saveTenantDefault(new NotificationTargets(List.of(byDefault), null, null));
        String plain = unique("Follows the default");
        String overridden = unique("Has its own");
        String off = unique("Switched off");
        UUID plainId = failingWorkflow(plain);
        UUID overriddenId = failingWorkflow(overridden);
        UUID offId = failingWorkflow(off);
        settings.saveForWorkflow(overriddenId, new WorkflowNotification(Mode.OWN, new NotificationTargets(List.of(own), null, null)));
        settings.saveForWorkflow(offId, new WorkflowNotification(Mode.OFF, NotificationTargets.NONE));

        failedRun(plainId);
        failedRun(overriddenId);
        failedRun(offId);

        assertThat(recipients(awaitMails(plain, 1).get(0))).containsExactly(byDefault);
        assertThat(recipients(awaitMails(overridden, 1).get(0))).containsExactly(own);
        Thread.sleep(1000);
        assertThat(mails(off)).isEmpty();
        assertThat(settings.lastNotice(offId)).as("an ignored failure is not even counted").isEmpty();

        // back to the default: the next failure is reported there
        settings.saveForWorkflow(offId, WorkflowNotification.DEFAULT);
        assertThat(settings.forWorkflow(offId)).isEqualTo(WorkflowNotification.DEFAULT);
        failedRun(offId);
        assertThat(recipients(awaitMails(off, 1).get(0))).containsExactly(byDefault);
        assertThat(mails(off).get(0).getSubject()).as("only the failure after switching on").contains("a run of");
    }

    @Test
    void anotherOrganizationsSettingsAreNeverUsed() throws Exception {
        String mine = address("mine");
        UUID mySlack = slackConnection();
        settings.saveTenantDefault(new NotificationTargets(List.of(mine), null, null));
        String myName = unique("Mine");
        UUID myWorkflow = failingWorkflow(myName);

        Owner other = data.newTenant("notify-other");
        scope.close();
        enter(other);
        String theirs = address("theirs");
        String theirName = unique("Theirs");
        UUID theirWorkflow = failingWorkflow(theirName);
        String theirOtherName = unique("Theirs without a default");
        assertThatThrownBy(() -> settings.forWorkflow(myWorkflow)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> settings.saveForWorkflow(myWorkflow, new WorkflowNotification(Mode.OFF, NotificationTargets.NONE)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> settings.saveTenantDefault(new NotificationTargets(List.of(theirs), mySlack, "#stolen")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist in this organization");
        assertThat(settings.tenantDefault()).isEqualTo(NotificationTargets.NONE);
        assertThat(data.inTransaction(() -> jdbc.queryForObject("select count(*) from notification_defaults", Long.class)))
                .as("row-level security hides the other organization's default").isZero();

        // no default here yet: their failure reaches nobody, certainly not the first organization's address
        failedRun(theirWorkflow);
        settings.saveTenantDefault(new NotificationTargets(List.of(theirs), null, null));
        UUID theirOther = failingWorkflow(theirOtherName);
        failedRun(theirOther);
        assertThat(recipients(awaitMails(theirOtherName, 1).get(0))).containsExactly(theirs);

        scope.close();
        enter(owner);
        failedRun(myWorkflow);
        assertThat(recipients(awaitMails(myName, 1).get(0))).containsExactly(mine);
        Thread.sleep(1000);
        assertThat(mails(theirName)).isEmpty();
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).filter(m -> recipients(m).contains(mine))).hasSize(1);

        scope.close();
        enter(other);
        assertThat(data.inTransaction(() -> jdbc.queryForObject("select count(*) from failure_notices where workflow_id = ?", Long.class,
                myWorkflow))).as("row-level security hides the other organization's throttle").isZero();
        assertThat(jdbc.queryForList("select relname from pg_class where relname in ('notification_defaults', 'workflow_notifications', "
                + "'failure_notices') and relrowsecurity and relforcerowsecurity", String.class)).hasSize(3);
    }

    @Test
    void aSlackPostThatFailsIsRecordedWithoutItsSecretAndTheEmailStillGoesOut() throws Exception {
        UUID slack = slackConnection();
        String to = address("revoked");
        settings.saveTenantDefault(new NotificationTargets(List.of(to), slack, "#alerts"));
        SLACK.answerJson(200, "{\"ok\": false, \"error\": \"token_revoked\"}");
        String name = unique("Revoked");
        UUID workflow = failingWorkflow(name);

        failedRun(workflow);

        awaitMails(name, 1);
        awaitPosts(name, 1);
        await("the failure is recorded", () -> settings.lastNotice(workflow).map(n -> n.outcome() != null).orElse(false));
        String outcome = settings.lastNotice(workflow).orElseThrow().outcome();
        assertThat(outcome).contains("Email to " + to + " sent").contains("Slack #alerts: not posted").contains("token_revoked")
                .doesNotContain(SLACK_TOKEN);
        // a delivery that got through is not repeated for the one that did not
        Thread.sleep(2500);
        assertThat(mails(name)).hasSize(1);
    }

    @Test
    void aNotificationClaimedByANodeThatDiedIsSentOnceByTheSweep() throws Exception {
        String to = address("recovered");
        String name = unique("Left behind");
        UUID workflow = failingWorkflow(name);
        settings.saveForWorkflow(workflow, new WorkflowNotification(Mode.OWN, new NotificationTargets(List.of(to), null, null)));
        UUID run = UUID.randomUUID();
        // what a node leaves that counted a failure, claimed its message and died before handing it to JobRunr
        data.inTransaction(() -> jdbc.update("""
                insert into failure_notices (workflow_id, tenant_id, pending, first_failed_at, due_at, last_run_id, last_error,
                                             claim, claimed_until)
                values (?, ?, 1, now() - interval '6 minutes', now() - interval '6 minutes', ?, 'Step ''x'' failed: boom',
                        gen_random_uuid(), now() - interval '1 minute')
                """, workflow, owner.tenantId(), run));

        // several nodes sweeping at once
        var pool = Executors.newFixedThreadPool(4);
        var sweeps = new ArrayList<java.util.concurrent.Future<Integer>>();
        for (int i = 0; i < 4; i++) {
            sweeps.add(pool.submit(() -> sweep.sweep()));
        }
        int claimed = 0;
        for (var future : sweeps) {
            claimed += future.get();
        }
        pool.shutdown();
        assertThat(claimed).as("claimed by at most one sweep (the background sweep may have been first)").isLessThanOrEqualTo(1);

        MimeMessage mail = awaitMails(name, 1).get(0);
        assertThat(GreenMailUtil.getBody(mail)).contains(LINK + run).contains("boom");
        Thread.sleep(2500);
        assertThat(mails(name)).hasSize(1);
    }

    @Test
    void buildersSetAWorkflowsNotificationsAndAdminsTheDefault() throws Exception {
        UUID workflow = failingWorkflow(unique("Guarded"));
        signInWithRole(Role.BUILDER);
        settings.saveForWorkflow(workflow, new WorkflowNotification(Mode.OFF, NotificationTargets.NONE));
        assertThat(settings.forWorkflow(workflow).mode()).isEqualTo(Mode.OFF);
        assertThatThrownBy(() -> settings.saveTenantDefault(NotificationTargets.NONE)).isInstanceOf(AccessDeniedException.class);

        signInWithRole(Role.OPERATOR);
        assertThat(settings.forWorkflow(workflow).mode()).isEqualTo(Mode.OFF);
        assertThatThrownBy(() -> settings.saveForWorkflow(workflow, WorkflowNotification.DEFAULT)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void badTargetsAreRefusedWithTheFieldAndWhy() {
        UUID workflow = failingWorkflow(unique("Checked"));
        UUID slack = slackConnection();
        assertRefused(new NotificationTargets(List.of("ops@example.com", "not-an-address"), null, null), "emails", "'not-an-address' is not an email address");
        assertRefused(new NotificationTargets(List.of(), null, "#alerts"), "slackConnection", "Choose the Slack connection");
        assertRefused(new NotificationTargets(List.of(), slack, " "), "slackChannel", "Name the channel");
        assertRefused(new NotificationTargets(List.of(), slack, "#Has Spaces"), "slackChannel", "channel name like #alerts");
        assertRefused(new NotificationTargets(List.of(), UUID.randomUUID(), "#alerts"), "slackConnection", "does not exist");
        assertThatThrownBy(() -> settings.saveForWorkflow(workflow, new WorkflowNotification(Mode.OWN, NotificationTargets.NONE)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("emails"))
                .hasMessageContaining("or switch notifications off");

        var saved = settings.saveTenantDefault(new NotificationTargets(List.of(" Ops@Example.com", "ops@example.com"), slack, " C0123ABCD "));
        assertThat(saved).isEqualTo(new NotificationTargets(List.of("ops@example.com"), slack, "C0123ABCD"));
        assertThat(settings.tenantDefault()).isEqualTo(saved);
    }

    // ------------------------------------------------------------------------------------------------------------

    private void assertRefused(NotificationTargets targets, String field, String message) {
        assertThatThrownBy(() -> settings.saveTenantDefault(targets))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    private void enter(Owner who) {
        TestData.signInAs(who);
        scope = TenantContext.bind(who.tenantId());
    }

    private void signInWithRole(Role role) {
        var principal = new FlowmeterPrincipal(owner.user().getId(), owner.user().getEmail(), "Member", false, owner.tenantId(),
                owner.principal().tenantName(), role, owner.principal().credentialsVersion());
        TestData.signInAs(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities()));
    }

    private UUID slackConnection() {
        return connections.create("slack", "Alerts Slack", AuthKind.BEARER, Map.of("token", SLACK_TOKEN)).getId();
    }

    private UUID failingWorkflow(String name) {
        try {
            var workflow = workflows.create(json.readValue("""
                    {"name": "NAME", "nodes": [{"id": "t", "type": "trigger.manual"},
                      {"id": "bad", "type": "core.transform", "params": {"value": {"b": "{{trigger.missing.deeper}}"}}}],
                     "edges": [{"from": "t", "to": "bad"}]}""".replace("NAME", name), WorkflowDefinition.class));
            workflows.publish(workflow.getId());
            return workflow.getId();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private UUID failedRun(UUID workflow) throws InterruptedException {
        UUID run = runs.start(workflow, Map.of(), "manual");
        completions.await(run, Duration.ofSeconds(20));
        assertThat(runs.get(run).run().status().name()).isEqualTo("FAILED");
        return run;
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String address(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Messages about the workflow called {@code name} (names are unique per test), oldest first. */
    private static List<MimeMessage> mails(String name) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject() != null && m.getSubject().contains("\"" + name + "\"");
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static List<ReplayServer.Recorded> posts(String name) {
        return SLACK.requests().stream().filter(r -> r.pathAndQuery().equals("/api/chat.postMessage") && r.body().contains(name)).toList();
    }

    private static List<MimeMessage> awaitMails(String name, int count) throws InterruptedException {
        await(count + " email(s) about " + name, () -> mails(name).size() >= count);
        return mails(name);
    }

    private static List<ReplayServer.Recorded> awaitPosts(String name, int count) throws InterruptedException {
        await(count + " Slack post(s) about " + name, () -> posts(name).size() >= count);
        return posts(name);
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 20 s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
