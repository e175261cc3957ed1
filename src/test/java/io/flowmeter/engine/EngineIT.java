package io.flowmeter.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.service.RunEvent;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunService.RunDetails;
import io.flowmeter.engine.service.RunService.StepDetails;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs on real JobRunr and PostgreSQL, one scenario per step type and control. */
class EngineIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired ObjectMapper json;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    Owner owner;
    HttpServer http;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tenantAndHttpServer() throws Exception {
        owner = data.newTenant("engine");
        TestData.signInAs(owner);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/flaky", exchange -> {
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            int call = calls.incrementAndGet();
            byte[] body = ("{\"call\": " + call + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(call < 3 ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/limited", exchange -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        http.createContext("/slow", exchange -> {
            calls.incrementAndGet();
            sleep(3_000);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.createContext("/bad", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"message\": \"field x is required\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.setExecutor(httpThreads); // loops call it concurrently
        http.createContext("/item", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            itemBodies.add(body);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep(150);
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(body.contains("bad") ? 400 : 204, -1);
            exchange.close();
        });
        http.start();
    }

    final java.util.concurrent.ExecutorService httpThreads = java.util.concurrent.Executors.newFixedThreadPool(8);
    final List<String> itemBodies = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @AfterEach
    void stopHttp() {
        http.stop(0);
        httpThreads.shutdownNow();
    }

    <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAsTenant(owner.tenantId(), work);
    }

    UUID publish(String definition) {
        try {
            WorkflowDefinition parsed = json.readValue(definition.replace('\'', '"').replace("URL", "http://127.0.0.1:" + http.getAddress().getPort()),
                    WorkflowDefinition.class);
            return inTenant(() -> {
                var workflow = workflows.create(parsed);
                workflows.publish(workflow.getId());
                return workflow.getId();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    RunDetails await(UUID runId, RunStatus... expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        RunDetails details = null;
        while (Instant.now().isBefore(deadline)) {
            details = inTenant(() -> runs.get(runId));
            if (List.of(expected).contains(details.run().status())) {
                return details;
            }
            sleep(20);
        }
        throw new AssertionError("Run " + runId + " did not reach " + List.of(expected) + ": " + details);
    }

    static StepDetails step(RunDetails run, String nodeId) {
        return run.steps().stream().filter(s -> s.step().nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    UUID start(UUID workflowId, Map<String, Object> input) {
        return inTenant(() -> runs.start(workflowId, input, "manual"));
    }

    @Test
    void aLinearRunRendersTemplatesAndFinishesQuickly() {
        UUID workflow = publish("""
                {'name': 'linear', 'nodes': [{'id': 't', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'},
                  {'id': 'b', 'type': 'core.transform', 'params': {'value': {'greeting': 'Hi {{trigger.name}}', 'n': '{{trigger.n}}', 'run': '{{run.id}}'}}}],
                 'edges': [{'from': 't', 'to': 'a'}, {'from': 'a', 'to': 'b'}]}
                """);
        Instant started = Instant.now();
        UUID run = start(workflow, Map.of("name", "Ada", "n", 3));
        RunDetails done = await(run, RunStatus.SUCCEEDED);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(step(done, "b").step().output()).contains("\"greeting\": \"Hi Ada\"").contains("\"n\": 3").contains(run.toString());
        assertThat(done.run().output()).contains("Hi Ada");
        // a quick step that succeeds at once is described by its row alone (no separate attempt record)
        assertThat(step(done, "a").attempts()).isEmpty();
        assertThat(step(done, "a").step().startedAt()).isNotNull();
        assertThat(step(done, "a").step().finishedAt()).isNotNull();
    }

    @Test
    void retryableHttpFailuresAreRetriedWithBackoffAndEachAttemptIsRecorded() {
        UUID workflow = publish("""
                {'name': 'flaky', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/flaky'}, 'retry': {'maxAttempts': 4, 'initialDelayMs': 100, 'multiplier': 2, 'maxDelayMs': 1000}}],
                 'edges': [{'from': 't', 'to': 'call'}]}
                """);
        RunDetails done = await(start(workflow, Map.of()), RunStatus.SUCCEEDED);
        StepDetails call = step(done, "call");
        assertThat(call.step().attempt()).isEqualTo(3);
        assertThat(call.attempts()).extracting(a -> a.outcome()).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(call.attempts().get(0).error()).contains("HTTP 503");
        assertThat(call.step().output()).contains("\"status\": 200").contains("\"call\": 3");
        assertThat(idempotencyKeys).hasSize(3).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        UUID workflow = publish("""
                {'name': 'limited', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/limited'}, 'retry': {'maxAttempts': 3, 'initialDelayMs': 10}}],
                 'edges': [{'from': 't', 'to': 'call'}]}
                """);
        RunDetails done = await(start(workflow, Map.of()), RunStatus.SUCCEEDED);
        var attempts = step(done, "call").attempts();
        assertThat(attempts).hasSize(2);
        assertThat(Duration.between(attempts.get(0).finishedAt(), attempts.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aStepThatExceedsItsTimeoutFailsAsRetryable() {
        UUID workflow = publish("""
                {'name': 'slow', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/slow'}, 'timeoutMs': 300, 'retry': {'maxAttempts': 2, 'initialDelayMs': 10}}],
                 'edges': [{'from': 't', 'to': 'call'}]}
                """);
        RunDetails failed = await(start(workflow, Map.of()), RunStatus.FAILED);
        var attempts = step(failed, "call").attempts();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).error()).containsAnyOf("within 300 ms", "timeout of 300 ms");
        assertThat(Duration.between(attempts.get(0).startedAt(), attempts.get(0).finishedAt())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void clientErrorsFailAtOnceAndParkTheRun() {
        UUID workflow = publish("""
                {'name': 'bad', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/bad', 'method': 'POST', 'body': {'a': 1}}},
                  {'id': 'after', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'call'}, {'from': 'call', 'to': 'after'}]}
                """);
        RunDetails failed = await(start(workflow, Map.of()), RunStatus.FAILED);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(failed.run().parked()).isTrue();
        assertThat(failed.run().error()).contains("call").contains("HTTP 400").contains("field x is required");
        assertThat(step(failed, "after").step().status().name()).isEqualTo("SKIPPED"); // its only input failed
        assertThat(inTenant(() -> runs.list(null, null, true, null, 50)).items()).extracting(r -> r.id()).contains(failed.run().id());
    }

    @Test
    void failurePathsContinueTheRun() {
        UUID workflow = publish("""
                {'name': 'handled', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/bad'}},
                  {'id': 'onError', 'type': 'core.transform', 'params': {'value': {'why': '{{steps.call.error}}'}}},
                  {'id': 'onOk', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'call'}, {'from': 'call', 'to': 'onOk'}, {'from': 'call', 'to': 'onError', 'when': 'failure'}]}
                """);
        RunDetails done = await(start(workflow, Map.of()), RunStatus.SUCCEEDED);
        assertThat(step(done, "onOk").step().status().name()).isEqualTo("SKIPPED");
        assertThat(step(done, "onError").step().output()).contains("HTTP 400");
    }

    @Test
    void branchesAndJoins() {
        UUID workflow = publish("""
                {'name': 'branch', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'check', 'type': 'core.condition', 'params': {'condition': '{{gt trigger.amount 100}}'}},
                  {'id': 'big', 'type': 'core.transform', 'params': {'value': 'big'}},
                  {'id': 'small', 'type': 'core.transform', 'params': {'value': 'small'}},
                  {'id': 'a', 'type': 'core.noop'}, {'id': 'b', 'type': 'core.noop'},
                  {'id': 'join', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'check'},
                   {'from': 'check', 'to': 'big', 'condition': '{{steps.check.output.result}}'},
                   {'from': 'check', 'to': 'small', 'condition': '{{not steps.check.output.result}}'},
                   {'from': 'big', 'to': 'a'}, {'from': 'big', 'to': 'b'}, {'from': 'a', 'to': 'join'}, {'from': 'b', 'to': 'join'}, {'from': 'small', 'to': 'join'}]}
                """);
        RunDetails big = await(start(workflow, Map.of("amount", 500)), RunStatus.SUCCEEDED);
        assertThat(step(big, "small").step().status().name()).isEqualTo("SKIPPED");
        assertThat(step(big, "join").step().status().name()).isEqualTo("SUCCEEDED");
        RunDetails small = await(start(workflow, Map.of("amount", 5)), RunStatus.SUCCEEDED);
        assertThat(List.of("big", "a", "b")).allSatisfy(id -> assertThat(step(small, id).step().status().name()).isEqualTo("SKIPPED"));
        assertThat(step(small, "join").step().status().name()).isEqualTo("SUCCEEDED");
    }

    @Test
    void delaysResumeOnTimeHoldingNoThread() {
        UUID workflow = publish("""
                {'name': 'delay', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'wait', 'type': 'core.delay', 'params': {'duration': 'PT1.5S'}}, {'id': 'after', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
                """);
        UUID run = start(workflow, Map.of());
        sleep(500);
        RunDetails waiting = inTenant(() -> runs.get(run));
        assertThat(step(waiting, "wait").step().status().name()).isEqualTo("WAITING");
        Instant wakeAt = step(waiting, "wait").step().wakeAt();
        RunDetails done = await(run, RunStatus.SUCCEEDED);
        Instant resumed = step(done, "wait").step().finishedAt();
        // never early (JobRunr releases scheduled jobs up to a poll interval early), and on time
        assertThat(resumed).isAfterOrEqualTo(wakeAt);
        assertThat(Duration.between(wakeAt, resumed)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void approvalsWaitForAMemberAndTimeOutOntoTheirPath() {
        UUID workflow = publish("""
                {'name': 'approve', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'ok', 'type': 'core.approval', 'params': {'message': 'Pay {{trigger.amount}}?', 'timeout': 'PT2S'}},
                  {'id': 'pay', 'type': 'core.noop'}, {'id': 'late', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'ok'}, {'from': 'ok', 'to': 'pay', 'condition': '{{steps.ok.output.approved}}'},
                   {'from': 'ok', 'to': 'late', 'condition': '{{eq steps.ok.output.outcome \\'timeout\\'}}'}]}
                """.replace("\\'", "\\\""));
        UUID approved = start(workflow, Map.of("amount", 10));
        awaitStep(approved, "ok", "WAITING");
        inTenant(() -> {
            runs.decide(approved, "ok", true, "fine");
            return null;
        });
        RunDetails done = await(approved, RunStatus.SUCCEEDED);
        assertThat(step(done, "pay").step().status().name()).isEqualTo("SUCCEEDED");
        assertThat(step(done, "ok").step().output()).contains("\"by\": \"" + owner.user().getEmail() + "\"");
        // a wait that ended is settled like any step: one attempt row, finished when its step row says
        assertThat(step(done, "ok").attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo("SUCCEEDED");
            assertThat(attempt.finishedAt()).isEqualTo(step(done, "ok").step().finishedAt());
        });
        assertThatThrownBy(() -> inTenant(() -> {
            runs.decide(approved, "ok", false, null);
            return null;
        })).hasMessageContaining("not waiting");

        UUID ignored = start(workflow, Map.of("amount", 10));
        RunDetails timedOut = await(ignored, RunStatus.SUCCEEDED);
        assertThat(step(timedOut, "late").step().status().name()).isEqualTo("SUCCEEDED");
        assertThat(step(timedOut, "pay").step().status().name()).isEqualTo("SKIPPED");
    }

    @Test
    void subworkflowsReturnTheChildsOutputAndPropagateFailure() {
        UUID child = publish("""
                {'name': 'child', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'double', 'type': 'core.transform', 'params': {'value': {'twice': '{{multiply trigger.n 2}}'}}}],
                 'edges': [{'from': 't', 'to': 'double'}]}
                """);
        UUID failingChild = publish("""
                {'name': 'failing child', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/bad'}}], 'edges': [{'from': 't', 'to': 'call'}]}
                """);
        String parent = """
                {'name': 'parent', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'sub', 'type': 'core.subworkflow', 'params': {'workflowId': 'CHILD', 'input': {'n': '{{trigger.n}}'}}},
                  {'id': 'use', 'type': 'core.transform', 'params': {'value': '{{steps.sub.output.double.twice}}'}}],
                 'edges': [{'from': 't', 'to': 'sub'}, {'from': 'sub', 'to': 'use'}]}
                """;
        RunDetails ok = await(start(publish(parent.replace("CHILD", child.toString())), Map.of("n", 21)), RunStatus.SUCCEEDED);
        assertThat(step(ok, "use").step().output()).isEqualTo("\"42\"");
        assertThat(step(ok, "sub").attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo("SUCCEEDED");
            assertThat(attempt.finishedAt()).isEqualTo(step(ok, "sub").step().finishedAt());
        });
        RunDetails failed = await(start(publish(parent.replace("CHILD", failingChild.toString())), Map.of("n", 1)), RunStatus.FAILED);
        assertThat(step(failed, "sub").step().error()).contains("Sub-workflow run").contains("failed").contains("HTTP 400");
    }

    static final String LOOP = """
            {'name': 'loop', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
              {'id': 'each', 'type': 'util.loop', 'params': {'items': '{{trigger.people}}', 'concurrency': 2, 'continueOnError': 'GO_ON'}},
              {'id': 'call', 'type': 'http.request', 'params': {'method': 'POST', 'url': 'URL/item', 'body': '{{steps.each.output.item.name}}'}},
              {'id': 'shape', 'type': 'core.transform', 'params': {'value': {'name': '{{steps.each.output.item.name}}',
                 'index': '{{steps.each.output.index}}', 'team': '{{trigger.team}}', 'status': '{{steps.call.output.status}}'}}},
              {'id': 'after', 'type': 'core.transform', 'params': {'value': {'done': '{{steps.each.output.count}}'}}}],
             'edges': [{'from': 't', 'to': 'each'}, {'from': 'each', 'to': 'call', 'when': 'each'}, {'from': 'call', 'to': 'shape'},
                       {'from': 'each', 'to': 'after'}]}
            """;

    <T> List<T> itemRuns(UUID run, String column, Class<T> type) {
        return inTenant(() -> data.inTransaction(() -> jdbc.queryForList(
                "select " + column + " from runs where parent_run_id = ? order by created_at", type, run)));
    }

    static List<Map<String, String>> people(String... names) {
        return java.util.Arrays.stream(names).map(n -> Map.of("name", n)).toList();
    }

    @Test
    void loopsRunTheirBodyOncePerItemInOrderWithAtMostTheirConcurrency() throws Exception {
        UUID workflow = publish(LOOP.replace("GO_ON", "false"));
        UUID run = start(workflow, Map.of("team", "blue", "people", people("ada", "bob", "cy", "dee", "eve", "fay")));
        RunDetails done = await(run, RunStatus.SUCCEEDED);

        Map<?, ?> loop = json.readValue(step(done, "each").step().output(), Map.class);
        assertThat(loop.get("count")).isEqualTo(6);
        assertThat(loop.get("succeeded")).isEqualTo(6);
        List<?> results = (List<?>) loop.get("results");
        for (int i = 0; i < 6; i++) {
            Map<?, ?> shape = (Map<?, ?>) ((Map<?, ?>) results.get(i)).get("shape");
            assertThat(shape.get("name")).isEqualTo(List.of("ada", "bob", "cy", "dee", "eve", "fay").get(i));
            assertThat(shape.get("index")).isEqualTo(i);
            assertThat(shape.get("team")).isEqualTo("blue"); // the run's input and earlier steps are visible inside the loop
            assertThat(shape.get("status")).isEqualTo(204);
        }
        assertThat(itemBodies).containsExactlyInAnyOrder("\"ada\"", "\"bob\"", "\"cy\"", "\"dee\"", "\"eve\"", "\"fay\"");
        assertThat(maxInFlight.get()).isEqualTo(2);
        // after the loop: once, with every result; the body's steps belong to the item runs, not to this run
        assertThat(step(done, "after").step().output()).contains("\"done\": 6");
        assertThat(done.steps()).extracting(s -> s.step().nodeId()).containsExactlyInAnyOrder("t", "each", "after");
        assertThat(done.run().output()).contains("\"after\"");

        List<UUID> items = itemRuns(run, "id", UUID.class);
        assertThat(items).hasSize(6);
        // item runs are parts of their run: not listed among runs, but readable by id
        assertThat(inTenant(() -> runs.list(workflow, null, false, null, 50)).items()).extracting(RunRow::id).containsExactly(run);
        RunDetails item = inTenant(() -> runs.get(items.get(0)));
        assertThat(item.run().triggerKind()).isEqualTo("loop");
        assertThat(item.run().scopeNode()).isEqualTo("each");
        assertThat(item.run().output()).contains("\"shape\"").doesNotContain("\"after\"");
        assertThat(item.steps()).extracting(s -> s.step().nodeId()).containsExactlyInAnyOrder("t", "each", "call", "shape");
        assertThatThrownBy(() -> inTenant(() -> runs.rerun(items.get(0), RunService.RerunFrom.START, RunService.RerunVersion.SAME)))
                .hasMessageContaining("re-run that run instead");
    }

    @Test
    void aFailedItemStopsTheLoopUnlessItContinuesOnError() throws Exception {
        UUID stopping = publish(LOOP.replace("GO_ON", "false").replace("'concurrency': 2", "'concurrency': 1"));
        RunDetails failed = await(start(stopping, Map.of("team", "red", "people", people("ada", "bad", "cy", "dee"))), RunStatus.FAILED);
        assertThat(step(failed, "each").step().error()).containsPattern("Item 1 \\(run [0-9a-f-]{36}\\) failed").contains("HTTP 400")
                .contains("1 of 4 items succeeded");
        assertThat(itemBodies).containsExactly("\"ada\"", "\"bad\""); // nothing after the failure started
        assertThat(step(failed, "after").step().status().name()).isIn("CANCELLED", "SKIPPED");

        itemBodies.clear();
        UUID tolerant = publish(LOOP.replace("'GO_ON'", "true"));
        RunDetails done = await(start(tolerant, Map.of("team", "red", "people", people("ada", "bad", "cy"))), RunStatus.SUCCEEDED);
        Map<?, ?> loop = json.readValue(step(done, "each").step().output(), Map.class);
        assertThat(loop.get("succeeded")).isEqualTo(2);
        assertThat(loop.get("failed")).isEqualTo(1);
        assertThat(((Map<?, ?>) ((List<?>) loop.get("results")).get(1)).get("error").toString()).contains("failed").contains("HTTP 400");
        assertThat(itemBodies).hasSize(3);

        RunDetails empty = await(start(tolerant, Map.of("people", List.of())), RunStatus.SUCCEEDED);
        assertThat(step(empty, "each").step().output()).contains("\"count\": 0");
        RunDetails notAList = await(start(tolerant, Map.of("people", "ada")), RunStatus.FAILED);
        assertThat(step(notAList, "each").step().error()).contains("'items' must be a list");
    }

    @Test
    void loopsNestAndCancellingTheRunCancelsItsItems() throws Exception {
        UUID nested = publish("""
                {'name': 'nested', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'outer', 'type': 'util.loop', 'params': {'items': '{{trigger.groups}}'}},
                  {'id': 'inner', 'type': 'util.loop', 'params': {'items': '{{steps.outer.output.item}}', 'concurrency': 1}},
                  {'id': 'double', 'type': 'util.math', 'params': {'operation': 'multiply', 'a': '{{steps.inner.output.item}}', 'b': 2}}],
                 'edges': [{'from': 't', 'to': 'outer'}, {'from': 'outer', 'to': 'inner', 'when': 'each'},
                           {'from': 'inner', 'to': 'double', 'when': 'each'}]}
                """);
        RunDetails done = await(start(nested, Map.of("groups", List.of(List.of(1, 2), List.of(3)))), RunStatus.SUCCEEDED);
        Map<?, ?> outer = json.readValue(step(done, "outer").step().output(), Map.class);
        List<?> groups = (List<?>) outer.get("results");
        assertThat(groups).isEqualTo(json.readValue("""
                [{"inner": {"count": 2, "succeeded": 2, "failed": 0, "results": [{"double": {"value": 2}}, {"double": {"value": 4}}]}},
                 {"inner": {"count": 1, "succeeded": 1, "failed": 0, "results": [{"double": {"value": 6}}]}}]
                """, List.class));

        UUID slow = publish("""
                {'name': 'slow loop', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'each', 'type': 'util.loop', 'params': {'items': '{{trigger.ids}}', 'concurrency': 2}},
                  {'id': 'wait', 'type': 'http.request', 'params': {'url': 'URL/slow'}}],
                 'edges': [{'from': 't', 'to': 'each'}, {'from': 'each', 'to': 'wait', 'when': 'each'}]}
                """);
        UUID run = start(slow, Map.of("ids", List.of(1, 2, 3, 4)));
        awaitStep(run, "each", "WAITING");
        inTenant(() -> {
            runs.cancel(run);
            return null;
        });
        await(run, RunStatus.CANCELLED);
        assertThat(itemRuns(run, "status", String.class)).hasSize(2).containsOnly("CANCELLED");
        sleep(3_500); // the cancelled items' calls end: nothing more starts
        assertThat(itemRuns(run, "status", String.class)).hasSize(2).containsOnly("CANCELLED");
    }

    String problems(String definition) {
        try {
            publish(definition);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof io.flowmeter.shared.ValidationFailedException invalid) {
                return invalid.violations().toString();
            }
            throw e;
        }
        throw new AssertionError("published");
    }

    @Test
    void aLoopsBodyCanOnlyBeEnteredThroughItsEachEdges() {
        assertThat(problems("""
                {'name': 'leaky', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'each', 'type': 'util.loop', 'params': {'items': '{{trigger.ids}}'}},
                  {'id': 'body', 'type': 'core.noop'}, {'id': 'other', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'each'}, {'from': 'each', 'to': 'body', 'when': 'each'}, {'from': 't', 'to': 'other'},
                           {'from': 'other', 'to': 'body'}]}
                """)).contains("only the loop's 'each' edges and steps inside the loop may lead into it, not 'other'");
        assertThat(problems("""
                {'name': 'not a loop', 'nodes': [{'id': 't', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'a', 'when': 'each'}]}
                """)).contains("Only a loop (util.loop) has 'each' edges");
        assertThat(problems("""
                {'name': 'empty loop', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'each', 'type': 'util.loop', 'params': {'items': '{{trigger.ids}}', 'concurrency': 50}}],
                 'edges': [{'from': 't', 'to': 'each'}]}
                """)).contains("with an edge from this loop whose 'when' is each").contains("'concurrency' is a whole number from 1 to 20");
    }

    @Test
    void cancelPauseResumeAndRerunFromTheFailedStep() {
        UUID slow = publish("""
                {'name': 'slow', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'wait', 'type': 'core.delay', 'params': {'duration': 'PT1S'}}, {'id': 'after', 'type': 'core.noop'}],
                 'edges': [{'from': 't', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
                """);
        UUID cancelled = start(slow, Map.of());
        awaitStep(cancelled, "wait", "WAITING");
        inTenant(() -> {
            runs.cancel(cancelled);
            return null;
        });
        RunDetails c = await(cancelled, RunStatus.CANCELLED);
        sleep(1500);
        assertThat(step(inTenant(() -> runs.get(cancelled)), "after").step().status().name()).isEqualTo("CANCELLED");

        UUID paused = start(slow, Map.of());
        inTenant(() -> {
            runs.pause(paused);
            return null;
        });
        sleep(1800); // the delay ends while paused: nothing new starts
        RunDetails held = inTenant(() -> runs.get(paused));
        assertThat(held.run().status()).isEqualTo(RunStatus.PAUSED);
        assertThat(step(held, "after").step().status().name()).isEqualTo("PENDING");
        inTenant(() -> {
            runs.resume(paused);
            return null;
        });
        await(paused, RunStatus.SUCCEEDED);

        UUID flaky = publish("""
                {'name': 'fails once', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'first', 'type': 'core.transform', 'params': {'value': 'kept'}},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/flaky'}, 'retry': {'maxAttempts': 1}}],
                 'edges': [{'from': 't', 'to': 'first'}, {'from': 'first', 'to': 'call'}]}
                """);
        UUID firstTry = start(flaky, Map.of("x", 1));
        await(firstTry, RunStatus.FAILED);
        calls.set(5); // the service has recovered
        UUID again = inTenant(() -> runs.rerun(firstTry, RunService.RerunFrom.FAILED_STEP, RunService.RerunVersion.SAME));
        RunDetails rerun = await(again, RunStatus.SUCCEEDED);
        assertThat(rerun.run().rerunOf()).isEqualTo(firstTry);
        assertThat(step(rerun, "first").attempts()).isEmpty(); // copied, not run again
        assertThat(inTenant(() -> runs.get(firstTry)).run().parked()).isFalse();
    }

    @Test
    void parkedRunsAreRetriedInBulkAndRunsReplayOnTheLatestVersion() throws Exception {
        UUID flaky = publish("""
                {'name': 'parks', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'call', 'type': 'http.request', 'params': {'url': 'URL/flaky'}, 'retry': {'maxAttempts': 1}}],
                 'edges': [{'from': 't', 'to': 'call'}]}
                """);
        UUID first = start(flaky, Map.of());
        UUID second = start(flaky, Map.of());
        await(first, RunStatus.FAILED);
        await(second, RunStatus.FAILED);
        calls.set(10); // the service recovered
        Map<UUID, UUID> retried = inTenant(() -> runs.retryParked(List.of()));
        assertThat(retried).containsKeys(first, second);
        for (UUID rerun : retried.values()) {
            await(rerun, RunStatus.SUCCEEDED);
        }
        assertThat(inTenant(() -> runs.list(null, null, true, null, 50)).items()).isEmpty();

        // replay from the start on the latest version: the definition changed in between
        UUID workflow = publish("""
                {'name': 'versions', 'nodes': [{'id': 't', 'type': 'trigger.manual'},
                  {'id': 'v', 'type': 'core.transform', 'params': {'value': 'one {{trigger.x}}'}}], 'edges': [{'from': 't', 'to': 'v'}]}
                """);
        UUID original = start(workflow, Map.of("x", 7));
        await(original, RunStatus.SUCCEEDED);
        var changed = json.readValue("""
                {"name": "versions", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "v", "type": "core.transform", "params": {"value": "two {{trigger.x}}"}}], "edges": [{"from": "t", "to": "v"}]}
                """, WorkflowDefinition.class);
        inTenant(() -> {
            workflows.update(workflow, changed);
            return workflows.publish(workflow);
        });
        UUID sameVersion = inTenant(() -> runs.rerun(original, RunService.RerunFrom.START, RunService.RerunVersion.SAME));
        UUID latest = inTenant(() -> runs.rerun(original, RunService.RerunFrom.START, RunService.RerunVersion.LATEST));
        assertThat(step(await(sameVersion, RunStatus.SUCCEEDED), "v").step().output()).isEqualTo("\"one 7\"");
        RunDetails onLatest = await(latest, RunStatus.SUCCEEDED);
        assertThat(step(onLatest, "v").step().output()).isEqualTo("\"two 7\"");
        assertThat(onLatest.run().versionNumber()).isEqualTo(2);
        assertThatThrownBy(() -> inTenant(() -> runs.rerun(original, RunService.RerunFrom.FAILED_STEP, RunService.RerunVersion.SAME)))
                .hasMessageContaining("no failed step");
    }

    @Test
    void anotherTenantsRunIsNotFound() {
        UUID workflow = publish("""
                {'name': 'mine', 'nodes': [{'id': 't', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'}], 'edges': [{'from': 't', 'to': 'a'}]}
                """);
        UUID run = start(workflow, Map.of());
        await(run, RunStatus.SUCCEEDED);
        Owner other = data.newTenant("other-engine");
        TestData.signInAs(other);
        assertThatThrownBy(() -> TenantContext.callAsTenant(other.tenantId(), () -> runs.get(run))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> TenantContext.callAsTenant(other.tenantId(), () -> {
            runs.cancel(run);
            return null;
        })).isInstanceOf(NotFoundException.class);
    }

    void awaitStep(UUID runId, String nodeId, String status) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (step(inTenant(() -> runs.get(runId)), nodeId).step().status().name().equals(status)) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError(nodeId + " never became " + status);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
