package io.flowmeter.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.engine.service.RunService;
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

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Run and step events reach other nodes over PostgreSQL LISTEN/NOTIFY. */
class RunEventsIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired DatabaseEndpoint endpoint;
    @Autowired DatabaseProperties properties;
    @Autowired ObjectMapper json;

    @Test
    void eventsAreNotifiedToListenersOnOtherConnections() throws Exception {
        var owner = data.newTenant("events");
        TestData.signInAs(owner);
        var definition = json.readValue("""
                {"name": "events", "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "a", "type": "core.noop"},
                  {"id": "b", "type": "core.condition", "params": {"condition": "false"}}, {"id": "c", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "c", "condition": "{{steps.b.output.result}}"}]}
                """, WorkflowDefinition.class);
        UUID workflow = TenantContext.callAsTenant(owner.tenantId(), () -> {
            var created = workflows.create(definition);
            workflows.publish(created.getId());
            return created.getId();
        });
        try (var connection = DriverManager.getConnection(endpoint.url(), properties.appUser(), properties.appPassword())) {
            connection.createStatement().execute("LISTEN flowmeter_events");
            UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
            completions.await(run, Duration.ofSeconds(10));
            List<String> payloads = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(deadline) && payloads.stream().noneMatch(p -> p.contains("RUN_SUCCEEDED"))) {
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(500);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        if (n.getParameter().contains(run.toString())) {
                            payloads.add(n.getParameter());
                        }
                    }
                }
            }
            String all = String.join("\n", payloads);
            assertThat(all).contains("RUN_STARTED").contains("STEP_SUCCEEDED").contains("STEP_SKIPPED").contains("RUN_SUCCEEDED")
                    .contains(owner.tenantId().toString());
            // one notification per transaction: the run's start, which ran a, b and c in its transaction too
            assertThat(payloads).hasSize(1);
            assertThat(payloads.get(0)).contains("\"a\"").contains("\"b\"").contains("\"c\"").contains("RUN_SUCCEEDED");
        }
    }
}
