package io.flowmeter.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.ReplayServer;
import io.flowmeter.support.TestData;
import io.flowmeter.trigger.poll.PollService;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling triggers: publishing registers the poll, the first poll only notes what exists, each new item starts one
 * run (also when two polls race), failures are recorded, not thrown.
 */
class PollingIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired PollService polls;
    @Autowired StorageProvider jobs;
    @Autowired io.flowmeter.admin.service.PlatformAdminService admin;

    final ObjectMapper json = new ObjectMapper();
    ReplayServer source;
    ApiClient api;
    String key;
    UUID tenantId;

    @BeforeEach
    void setUp() throws Exception {
        var owner = data.newTenant("poll");
        tenantId = owner.tenantId();
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
        source = new ReplayServer();
    }

    @AfterEach
    void tearDown() {
        source.close();
    }

    @Test
    void eachNewItemStartsExactlyOneRun() throws Exception {
        var created = api.call("POST", "/api/v1/workflows", """
                {"name": "New tickets", "nodes": [
                  {"id": "t", "type": "trigger.poll", "params": {"source": "http.jsonList", "interval": "PT2M",
                     "sourceParams": {"url": "URL/tickets", "itemsPath": "data.tickets", "idField": "key"}}},
                  {"id": "n", "type": "core.transform", "params": {"value": {"title": "{{trigger.item.title}}"}}}],
                 "edges": [{"from": "t", "to": "n"}]}
                """.replace("URL", source.url()), key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID workflow = UUID.fromString(json.readTree(created.body()).get("id").asText());
        api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key);
        long deadline = System.currentTimeMillis() + 10_000;
        while (jobs.getRecurringJobs().stream().noneMatch(j -> j.getId().equals("poll-" + workflow)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jobs.getRecurringJobs().stream().filter(j -> j.getId().equals("poll-" + workflow)).findFirst().orElseThrow()
                .getScheduleExpression()).isEqualTo("PT2M");

        source.answerJson(200, tickets("T-2", "T-1"));
        assertThat(polls.poll(tenantId, workflow)).as("the first poll only notes what exists").isZero();
        source.answerJson(200, tickets("T-3", "T-2", "T-1"));
        assertThat(polls.poll(tenantId, workflow)).isEqualTo(1);
        source.answerJson(200, tickets("T-3", "T-2", "T-1"));
        assertThat(polls.poll(tenantId, workflow)).isZero();
        assertThat(source.last().pathAndQuery()).isEqualTo("/tickets");

        // two polls racing over the same new items: each item still starts one run
        source.answerJson(200, tickets("T-5", "T-4", "T-3"));
        source.answerJson(200, tickets("T-5", "T-4", "T-3"));
        var pool = Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<Integer>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(pool.submit((Callable<Integer>) () -> polls.poll(tenantId, workflow)));
        }
        int started = both.get(0).get() + both.get(1).get();
        pool.shutdown();
        assertThat(started).isEqualTo(2);

        // a failing source is recorded, not thrown, and starts nothing
        source.answerJson(503, "{\"message\": \"maintenance\"}");
        assertThat(polls.poll(tenantId, workflow)).isZero();
        JsonNode state = json.readTree(api.call("GET", "/api/v1/workflows/" + workflow + "/polling", null, key).body());
        assertThat(state.get("lastError").asText()).contains("HTTP 503", "maintenance");
        assertThat(state.get("started").asLong()).isEqualTo(3);
        assertThat(state.get("seen").asLong()).isEqualTo(5);

        JsonNode runs = json.readTree(api.call("GET", "/api/v1/runs?workflowId=" + workflow, null, key).body()).get("items");
        assertThat(runs).hasSize(3);
        List<String> titles = new ArrayList<>();
        for (JsonNode run : runs) {
            assertThat(run.get("trigger").asText()).isEqualTo("poll");
            titles.add(json.readTree(api.call("GET", "/api/v1/runs/" + run.get("id").asText(), null, key).body()).at("/input/item/title").asText());
        }
        assertThat(titles).containsExactlyInAnyOrder("Ticket T-3", "Ticket T-4", "Ticket T-5");
    }

    @Test
    void aSuspendedOrganizationsPollsStartNothingUntilItIsReactivated() throws Exception {
        UUID workflow = publishTicketPoll("Suspended tickets");
        source.answerJson(200, tickets("S-1"));
        assertThat(polls.poll(tenantId, workflow)).isZero(); // the first poll only notes what exists

        TestData.signInAs(data.platformAdmin());
        admin.suspend(tenantId);
        source.answerJson(200, tickets("S-2", "S-1"));
        int asked = source.requests().size();
        assertThat(polls.poll(tenantId, workflow)).isZero();
        assertThat(source.requests()).as("a suspended organization's source is not even asked").hasSize(asked);
        admin.reactivate(tenantId);
        assertThat(polls.poll(tenantId, workflow)).as("the item that appeared while suspended").isEqualTo(1);
    }

    @Test
    void anItemWithNulCharactersIsStoredWithoutThemAndLaterItemsStillStartRuns() throws Exception {
        UUID workflow = publishTicketPoll("Tickets");
        source.answerJson(200, tickets("T-1"));
        polls.poll(tenantId, workflow);
        source.answerJson(200, "{\"data\": {\"tickets\": [{\"key\": \"T-\\u00002\", \"title\": \"a\\u0000b\"}]}}");
        assertThat(polls.poll(tenantId, workflow)).isEqualTo(1);
        source.answerJson(200, tickets("T-3"));
        assertThat(polls.poll(tenantId, workflow)).isEqualTo(1);
        JsonNode state = json.readTree(api.call("GET", "/api/v1/workflows/" + workflow + "/polling", null, key).body());
        assertThat(state.get("lastError").isNull()).as(state.toString()).isTrue();
        JsonNode runs = json.readTree(api.call("GET", "/api/v1/runs?workflowId=" + workflow, null, key).body()).get("items");
        List<String> titles = new ArrayList<>();
        for (JsonNode run : runs) {
            titles.add(json.readTree(api.call("GET", "/api/v1/runs/" + run.get("id").asText(), null, key).body()).at("/input/item/title").asText());
        }
        assertThat(titles).containsExactlyInAnyOrder("a\uFFFDb", "Ticket T-3");
    }

    @Test
    void unknownSourcesAndTooFrequentPollsAreRefusedWhenSaved() throws Exception {
        var unknown = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad", "nodes": [{"id": "t", "type": "trigger.poll", "params": {"source": "nowhere.things"}}], "edges": []}
                """, key);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("Nothing to watch called 'nowhere.things'");
        var often = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad", "nodes": [{"id": "t", "type": "trigger.poll", "params": {"source": "http.jsonList", "interval": "PT5S"}}], "edges": []}
                """, key);
        assertThat(often.statusCode()).isEqualTo(422);
        assertThat(often.body()).contains("one minute");
    }

    /** A published workflow polling the source's tickets (ids in "key") into a no-op step. */
    private UUID publishTicketPoll(String name) throws Exception {
        var created = api.call("POST", "/api/v1/workflows", """
                {"name": "NAME", "nodes": [
                  {"id": "t", "type": "trigger.poll", "params": {"source": "http.jsonList", "interval": "PT2M",
                     "sourceParams": {"url": "URL/tickets", "itemsPath": "data.tickets", "idField": "key"}}},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """.replace("NAME", name).replace("URL", source.url()), key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID workflow = UUID.fromString(json.readTree(created.body()).get("id").asText());
        assertThat(api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key).statusCode()).isEqualTo(201);
        return workflow;
    }

    private static String tickets(String... keys) {
        StringBuilder items = new StringBuilder();
        for (String k : keys) {
            items.append(items.isEmpty() ? "" : ", ").append("{\"key\": \"").append(k).append("\", \"title\": \"Ticket ").append(k).append("\"}");
        }
        return "{\"data\": {\"tickets\": [" + items + "]}}";
    }
}
