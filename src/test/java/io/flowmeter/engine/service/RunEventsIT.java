package io.flowmeter.engine.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Run and step events reach other nodes over PostgreSQL LISTEN/NOTIFY, and are not sent while no other node listens. */
class RunEventsIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired DatabaseEndpoint endpoint;
    @Autowired DatabaseProperties properties;
    @Autowired ObjectMapper json;
    @Autowired WorkNotifier notifier;

    @Test
    void eventsAreNotifiedToANodeThatAnnouncedItselfFromTheNextTransactionOn() throws Exception {
        var owner = data.newTenant("events");
        UUID workflow = publishedWorkflow(owner);
        try (var connection = otherNode(true)) {
            // the app's listener reads the announcement within milliseconds: from then on its transactions notify
            await(notifier::otherNodesListen);
            UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
            completions.await(run, Duration.ofSeconds(10));
            List<String> payloads = payloadsOf(connection, run);
            String all = String.join("\n", payloads);
            assertThat(all).contains("RUN_STARTED").contains("STEP_SUCCEEDED").contains("STEP_SKIPPED").contains("RUN_SUCCEEDED")
                    .contains(owner.tenantId().toString());
            // one notification per transaction: the run's start, which ran a, b and c in its transaction too
            assertThat(payloads).hasSize(1);
            assertThat(payloads.get(0)).contains("\"a\"").contains("\"b\"").contains("\"c\"").contains("RUN_SUCCEEDED");
        }
    }

    @Test
    void whileNoOtherNodeListensNoEventIsSentAndWhenOneConnectsTheyAre() throws Exception {
        var owner = data.newTenant("alone");
        UUID workflow = publishedWorkflow(owner);
        // the only node (once its listener looked again, at most 5 s after another test's node left)
        await(() -> !notifier.otherNodesListen());
        try (var bystander = otherNode(false)) { // listens, but is not a node: a node would have announced itself
            UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
            completions.await(run, Duration.ofSeconds(10));
            assertThat(payloadsOf(bystander, run)).isEmpty();
            assertThat(notifier.otherNodesListen()).isFalse();

            try (var node = otherNode(true)) {
                await(notifier::otherNodesListen);
                UUID next = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
                completions.await(next, Duration.ofSeconds(10));
                assertThat(String.join("\n", payloadsOf(node, next))).contains("RUN_SUCCEEDED");
                assertThat(String.join("\n", payloadsOf(bystander, next))).contains("RUN_SUCCEEDED"); // NOTIFY reaches every listener
            }
            // the other node went away: its listener's connection is gone, and the next look sees it
            await(() -> !notifier.otherNodesListen());
        }
    }

    private UUID publishedWorkflow(TestData.Owner owner) throws Exception {
        TestData.signInAs(owner);
        var definition = json.readValue("""
                {"name": "events", "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "a", "type": "core.noop"},
                  {"id": "b", "type": "core.condition", "params": {"condition": "false"}}, {"id": "c", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "c", "condition": "{{steps.b.output.result}}"}]}
                """, WorkflowDefinition.class);
        return TenantContext.callAsTenant(owner.tenantId(), () -> {
            var created = workflows.create(definition);
            workflows.publish(created.getId());
            return created.getId();
        });
    }

    /** A connection listening for run events; as a node would ({@code node}), under the listeners' name and announced. */
    private Connection otherNode(boolean node) throws Exception {
        Properties login = new Properties();
        login.setProperty("user", properties.appUser());
        login.setProperty("password", properties.appPassword());
        if (node) {
            login.setProperty("ApplicationName", WorkNotifier.LISTENER_NAME);
        }
        Connection connection = DriverManager.getConnection(endpoint.url(), login);
        try (var statement = connection.createStatement()) {
            statement.execute("LISTEN " + WorkNotifier.EVENTS);
            if (node) {
                statement.execute("select pg_notify('" + WorkNotifier.WORK + "', 'test-node')");
            }
        }
        return connection;
    }

    /** The event notifications about the run the connection got: until one says it ended, or for 2 s. */
    private static List<String> payloadsOf(Connection connection, UUID run) throws Exception {
        List<String> payloads = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(2);
        while (Instant.now().isBefore(deadline) && payloads.stream().noneMatch(p -> p.contains("RUN_SUCCEEDED"))) {
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(200);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    if (n.getParameter().contains(run.toString())) {
                        payloads.add(n.getParameter());
                    }
                }
            }
        }
        return payloads;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 15 s").isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
