package io.flowmeter.engine.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.bench.Figures;
import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService.RunDetails;
import io.flowmeter.engine.service.RunService.StepDetails;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quick steps a run's start or a quick step makes ready run in its transaction, as a chain: no job for a run of logic
 * steps, a new job where the budget ends or a step calls out, and a chained step the database refuses fails on its
 * own, alone.
 */
class InlineStepsIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;
    @Autowired DatabaseEndpoint endpoint;
    @Autowired DatabaseProperties database;
    @Autowired EngineProperties engine;
    @Autowired MeterRegistry meters;

    TestData.Owner owner;
    /** The status of the last {@link #run}'s run as soon as its start returned. */
    @Nullable RunStatus statusAtStart;

    @BeforeEach
    void tenant() {
        owner = data.newTenant("inline-steps");
        TestData.signInAs(owner);
    }

    <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAsTenant(owner.tenantId(), work);
    }

    RunDetails run(String definition, Map<String, Object> input) throws Exception {
        WorkflowDefinition parsed = json.readValue(definition.replace('\'', '"'), WorkflowDefinition.class);
        UUID workflow = inTenant(() -> {
            var created = workflows.create(parsed);
            workflows.publish(created.getId());
            return created.getId();
        });
        UUID run = inTenant(() -> runs.start(workflow, input, "test"));
        statusAtStart = inTenant(() -> runs.get(run)).run().status();
        completions.await(run, Duration.ofSeconds(20));
        return inTenant(() -> runs.get(run));
    }

    /** The JobRunr jobs written for the run's steps. */
    long jobsOf(UUID run) {
        return jdbc.queryForObject("select count(*) from jobrunr_jobs where jobAsJson like ?", Long.class, "%" + run + "%");
    }

    static StepDetails step(RunDetails run, String node) {
        return run.steps().stream().filter(s -> s.step().nodeId().equals(node)).findFirst().orElseThrow();
    }

    static void everyStepSucceededOnce(RunDetails run) {
        assertThat(run.run().status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.steps()).allSatisfy(s -> {
            assertThat(s.step().status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(s.step().attempt()).isEqualTo(1);
            assertThat(s.attempts()).isEmpty(); // a quick first attempt that succeeded is described by its row
        });
    }

    @Test
    void aRunOfQuickStepsWithBranchesAndAJoinIsDoneWhenItsStartCommits() throws Exception {
        RunDetails done = run("""
                {'name': 'logic', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'a', 'type': 'core.transform', 'params': {'value': {'n': '{{trigger.n}}'}}},
                  {'id': 'b', 'type': 'core.noop'}, {'id': 'c', 'type': 'core.condition', 'params': {'condition': 'true'}},
                  {'id': 'join', 'type': 'core.transform', 'params': {'value': '{{steps.a.output.n}}'}}],
                 'edges': [{'from': 't', 'to': 'a'}, {'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'c'}, {'from': 'b', 'to': 'join'},
                           {'from': 'c', 'to': 'join'}]}
                """, Map.of("n", 7));

        everyStepSucceededOnce(done);
        assertThat(step(done, "join").step().output()).isEqualTo("7");
        assertThat(done.run().output()).contains("\"join\"");
        // the trigger settles as the run starts, and the start's transaction ran the rest: not a single job
        assertThat(jobsOf(done.run().id())).as("no job for the whole run").isZero();
        assertThat(statusAtStart).isEqualTo(RunStatus.SUCCEEDED);
        // the times say what happened in the transaction: each step queued after the one before it finished, the run
        // finished after its last step (not when the transaction began)
        Duration rounding = Duration.ofNanos(1_000); // PostgreSQL keeps microseconds
        assertThat(step(done, "b").step().queuedAt()).isAfterOrEqualTo(step(done, "a").step().finishedAt().minus(rounding));
        assertThat(step(done, "join").step().queuedAt()).isAfterOrEqualTo(step(done, "b").step().finishedAt().minus(rounding))
                .isAfterOrEqualTo(step(done, "c").step().finishedAt().minus(rounding));
        assertThat(done.steps()).allSatisfy(s -> {
            if (s.step().queuedAt() != null) {
                assertThat(s.step().startedAt()).isAfterOrEqualTo(s.step().queuedAt().minus(rounding));
            }
            assertThat(done.run().finishedAt()).isAfterOrEqualTo(s.step().finishedAt().minus(rounding));
        });
    }

    @Test
    void aStartsChainWritesItsRunAndStepsOnceAsTheyStandWhenItEnds() throws Exception {
        try (var owner = DriverManager.getConnection(endpoint.url(), database.user(), database.password());
             var ddl = owner.createStatement()) {
            // every update of a run or step row, recorded where the test can count them
            ddl.execute("create table inline_steps_it_updates (tab text, id uuid, run_id uuid)");
            ddl.execute("""
                    create or replace function inline_steps_it_count() returns trigger language plpgsql security definer as $$
                    begin
                      insert into inline_steps_it_updates values (tg_table_name, new.id, coalesce((to_jsonb(new) ->> 'run_id')::uuid, new.id));
                      return new;
                    end $$""");
            ddl.execute("create trigger inline_steps_it_count_runs after update on runs for each row execute function inline_steps_it_count()");
            ddl.execute("create trigger inline_steps_it_count_steps after update on step_runs for each row execute function inline_steps_it_count()");
            try {
                RunDetails done = run("""
                        {'name': 'written once', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                          {'id': 'check', 'type': 'core.condition', 'params': {'condition': '{{gt trigger.amount 100}}'}},
                          {'id': 'big', 'type': 'core.transform', 'params': {'value': 'big {{trigger.amount}}'}},
                          {'id': 'small', 'type': 'core.noop'}],
                         'edges': [{'from': 't', 'to': 'check'},
                           {'from': 'check', 'to': 'big', 'condition': '{{steps.check.output.result}}'},
                           {'from': 'check', 'to': 'small', 'condition': '{{not steps.check.output.result}}'}]}
                        """, Map.of("amount", 250));

                assertThat(done.run().status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(statusAtStart).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(step(done, "big").step().output()).isEqualTo("\"big 250\"");
                assertThat(step(done, "big").step().attempt()).isEqualTo(1);
                assertThat(step(done, "big").step().durationMs()).isNotNull();
                assertThat(step(done, "small").step().status()).isEqualTo(StepStatus.SKIPPED);
                assertThat(step(done, "small").step().finishedAt()).isNotNull();
                assertThat(step(done, "t").step().output()).contains("250");
                assertThat(done.run().finishedAt()).isNotNull();
                assertThat(done.run().output()).contains("big 250");
                // inserted as they ended: not one row of the run updated after its insert
                assertThat(jdbc.queryForObject("select count(*) from inline_steps_it_updates where run_id = ?", Long.class,
                        done.run().id())).isZero();
                assertThat(done.steps()).hasSize(4);
            } finally {
                ddl.execute("drop trigger inline_steps_it_count_runs on runs");
                ddl.execute("drop trigger inline_steps_it_count_steps on step_runs");
                ddl.execute("drop function inline_steps_it_count()");
                ddl.execute("drop table inline_steps_it_updates");
            }
        }
    }

    @Autowired Engine engineService;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    long factsOf(UUID run) {
        return TenantContext.callAsPlatform(() -> jdbc.queryForObject("select count(*) from roi_facts where run_id = ?", Long.class, run));
    }

    RunStarter.Start startOf(String definition) throws Exception {
        WorkflowDefinition parsed = json.readValue(definition.replace('\'', '"'), WorkflowDefinition.class);
        var version = inTenant(() -> {
            var created = workflows.create(parsed);
            workflows.publish(created.getId());
            return workflows.latestVersion(created.getId());
        });
        return new RunStarter.Start(UUID.randomUUID(), version.getWorkflowId(), version, Map.of("n", 1), "test", null, null, null, Map.of());
    }

    @Test
    void aStartDeliveredTwiceStopsAtTheRunTheFirstDeliveryStored() throws Exception {
        var start = startOf(Figures.chain(3));
        assertThat(inTenant(() -> engineService.start(start))).isEqualTo(RunStatus.SUCCEEDED);
        RunDetails first = inTenant(() -> runs.get(start.runId()));
        long facts = factsOf(start.runId());
        assertThat(facts).isPositive();
        double started = started();

        // the same start again (a re-delivered request): it finds the run and runs nothing
        inTenant(() -> engineService.start(start));

        assertThat(started()).as("no step ran again").isEqualTo(started);
        assertStoredAsBefore(first, facts);
    }

    /** The run's rows and ROI facts are what they were after its first start. */
    void assertStoredAsBefore(RunDetails first, long facts) {
        UUID run = first.run().id();
        RunDetails again = inTenant(() -> runs.get(run));
        assertThat(again.run()).isEqualTo(first.run());
        assertThat(again.steps()).extracting(StepDetails::step).containsExactlyElementsOf(first.steps().stream().map(StepDetails::step).toList());
        assertThat(factsOf(run)).isEqualTo(facts);
    }

    @Test
    void aRunIdSaidToBeNewThatIsNotIsRefusedWhenItsHeldRowsAreWrittenAndNothingOfItStays() throws Exception {
        var start = startOf(Figures.chain(3));
        assertThat(inTenant(() -> engineService.startNew(start))).isEqualTo(RunStatus.SUCCEEDED);
        RunDetails first = inTenant(() -> runs.get(start.runId()));
        long facts = factsOf(start.runId());

        // not looked for first: the chain runs in memory, the insert of its rows is refused, and all of it rolls back
        assertThat(inTenant(() -> engineService.startNew(start))).as("where the stored run stands").isEqualTo(RunStatus.SUCCEEDED);

        assertStoredAsBefore(first, facts);
        assertThat(jobsOf(start.runId())).isZero();
    }

    @Test
    void heldRowsAreWrittenAsAStartWithoutChainingWritesThem() throws Exception {
        String definition = """
                {'name': 'compared', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'check', 'type': 'core.condition', 'params': {'condition': '{{gt trigger.n 0}}'}},
                  {'id': 'yes', 'type': 'core.transform', 'params': {'value': {'got': '{{trigger.n}}'}}},
                  {'id': 'no', 'type': 'core.noop'}, {'id': 'after', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'check'},
                   {'from': 'check', 'to': 'yes', 'condition': '{{steps.check.output.result}}'},
                   {'from': 'check', 'to': 'no', 'condition': '{{not steps.check.output.result}}'}, {'from': 'yes', 'to': 'after'}]}
                """;
        var held = startOf(definition);
        var plain = startOf(definition);
        assertThat(inTenant(() -> engineService.startNew(held))).isEqualTo(RunStatus.SUCCEEDED);
        // inside a transaction of its caller's, a start neither chains nor holds: its steps run as jobs, row by row
        inTenant(() -> tx.execute(status -> engineService.start(plain)));
        completions.await(plain.runId(), Duration.ofSeconds(20));
        assertThat(jobsOf(plain.runId())).as("the plain start ran its steps as jobs").isPositive();

        RunDetails a = inTenant(() -> runs.get(held.runId()));
        RunDetails b = inTenant(() -> runs.get(plain.runId()));
        assertThat(a.run().status()).isEqualTo(b.run().status());
        assertThat(a.run().output()).isEqualTo(b.run().output());
        assertThat(a.run().error()).isEqualTo(b.run().error());
        assertThat(a.run().parked()).isEqualTo(b.run().parked());
        assertThat(a.run().businessKey()).isEqualTo(b.run().businessKey());
        assertThat(a.run().createdAt()).isBeforeOrEqualTo(a.run().finishedAt());
        assertThat(a.run().updatedAt()).isEqualTo(a.run().finishedAt());
        assertThat(a.steps()).hasSameSizeAs(b.steps());
        for (StepDetails mine : a.steps()) {
            var s = mine.step();
            var other = step(b, s.nodeId()).step();
            assertThat(s.status()).as(s.nodeId()).isEqualTo(other.status());
            assertThat(s.attempt()).as(s.nodeId()).isEqualTo(other.attempt());
            assertThat(s.output()).as(s.nodeId()).isEqualTo(other.output());
            assertThat(s.error()).as(s.nodeId()).isEqualTo(other.error());
            assertThat(s.waiting()).as(s.nodeId()).isEqualTo(other.waiting());
            assertThat(s.wakeAt()).as(s.nodeId()).isEqualTo(other.wakeAt());
            assertThat(s.queuedAt() == null).as(s.nodeId() + " queued at").isEqualTo(other.queuedAt() == null);
            assertThat(s.startedAt() == null).as(s.nodeId() + " started at").isEqualTo(other.startedAt() == null);
            assertThat(s.finishedAt() == null).as(s.nodeId() + " finished at").isEqualTo(other.finishedAt() == null);
            assertThat(s.durationMs() == null).as(s.nodeId() + " duration").isEqualTo(other.durationMs() == null);
            assertThat(mine.attempts()).as(s.nodeId()).hasSameSizeAs(step(b, s.nodeId()).attempts());
        }
        assertThat(step(a, "no").step().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(factsOf(held.runId())).isEqualTo(factsOf(plain.runId()));
    }

    /** Step attempts started so far, by the engine's own count. */
    double started() {
        return meters.find("flowmeter.steps.started").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aWideFanOutInAChainRunsEachStepOnce() throws Exception {
        int branches = 12;
        StringBuilder nodes = new StringBuilder("{'id': 't', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'},"
                + " {'id': 'join', 'type': 'core.noop'}");
        StringBuilder edges = new StringBuilder("{'from': 't', 'to': 'a'}");
        for (int i = 0; i < branches; i++) {
            nodes.append(", {'id': 'b").append(i).append("', 'type': 'core.noop'}");
            edges.append(", {'from': 'a', 'to': 'b").append(i).append("'}, {'from': 'b").append(i).append("', 'to': 'join'}");
        }
        double before = started();
        RunDetails done = run("{'name': 'fan-out', 'nodes': [" + nodes + "], 'edges': [" + edges + "]}", Map.of());

        everyStepSucceededOnce(done);
        assertThat(done.steps()).hasSize(branches + 3);
        // each branch was claimed once, though every branch that settled before it read it as still pending in the database
        assertThat(started() - before).isEqualTo(branches + 2);
    }

    @Test
    void aChainLongerThanItsBudgetGoesOnInANewJob() throws Exception {
        int steps = engine.inlineSteps() + 8;
        RunDetails done = run(Figures.chain(steps), Map.of());

        everyStepSucceededOnce(done);
        assertThat(done.steps()).hasSize(steps + 1);
        // at most inline-steps chained per transaction, the start's included (fewer should a chain's CPU budget run out first)
        assertThat(jobsOf(done.run().id())).isBetween(1L, (long) steps);
    }

    @Test
    void aStepThatCallsOutEndsTheChainAndItsSuccessorsStartANewOne() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ping", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        try {
            RunDetails done = run("""
                    {'name': 'calls out', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                      {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/ping'}},
                      {'id': 'a', 'type': 'core.noop'}, {'id': 'b', 'type': 'core.transform', 'params': {'value': '{{steps.call.output.status}}'}}],
                     'edges': [{'from': 't', 'to': 'call'}, {'from': 'call', 'to': 'a'}, {'from': 'a', 'to': 'b'}]}
                    """.replace("URL", "http://127.0.0.1:" + http.getAddress().getPort()), Map.of());

            assertThat(done.run().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(step(done, "b").step().output()).isEqualTo("204");
            assertThat(jobsOf(done.run().id())).as("call; a with b chained").isEqualTo(2);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aChainedStepTheDatabaseRefusesRollsTheChainBackAndFailsAloneWithTheReason() throws Exception {
        try (var owner = DriverManager.getConnection(endpoint.url(), database.user(), database.password());
             var ddl = owner.createStatement()) {
            ddl.execute("""
                    create or replace function inline_steps_it_refuse() returns trigger language plpgsql as $$
                    begin
                      if new.node_id = 'refused' and new.status = 'SUCCEEDED' then
                        raise exception 'step refused by the test' using errcode = '23514';
                      end if;
                      return new;
                    end $$""");
            // on insert too: a start's chain writes its steps once, already settled (see the next tests)
            ddl.execute("create trigger inline_steps_it_refuse before insert or update on step_runs for each row execute function inline_steps_it_refuse()");
            try {
                RunDetails failed = run("""
                        {'name': 'refused', 'nodes': [{'id': 't', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'},
                          {'id': 'refused', 'type': 'core.noop'}, {'id': 'c', 'type': 'core.noop'}],
                         'edges': [{'from': 't', 'to': 'a'}, {'from': 'a', 'to': 'refused'}, {'from': 'refused', 'to': 'c'}]}
                        """, Map.of());

                assertThat(failed.run().status()).isEqualTo(RunStatus.FAILED);
                assertThat(step(failed, "t").step().status()).isEqualTo(StepStatus.SUCCEEDED);
                assertThat(step(failed, "a").step().status()).isEqualTo(StepStatus.SUCCEEDED);
                assertThat(step(failed, "a").step().attempt()).isEqualTo(1);
                StepDetails refused = step(failed, "refused");
                assertThat(refused.step().status()).isEqualTo(StepStatus.FAILED);
                assertThat(refused.step().error()).contains("could not be stored").contains("step refused by the test");
                assertThat(failed.steps()).noneSatisfy(s -> assertThat(s.step().nodeId()).isEqualTo("c")
                        .satisfies(id -> assertThat(s.step().status()).isEqualTo(StepStatus.SUCCEEDED)));
                // the start's chain met the refusal: it was rolled back and the run started again without chaining; a's job
                // chained the refused step, was rolled back too and ran a alone; the refused step then had a job of its own
                assertThat(jobsOf(failed.run().id())).isEqualTo(2);
            } finally {
                ddl.execute("drop trigger inline_steps_it_refuse on step_runs");
                ddl.execute("drop function inline_steps_it_refuse()");
            }
        }
    }
}
