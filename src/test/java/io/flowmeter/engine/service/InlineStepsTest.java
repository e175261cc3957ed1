package io.flowmeter.engine.service;

import io.flowmeter.connector.core.CoreConnector;
import io.flowmeter.connector.core.TriggerConnector;
import io.flowmeter.connector.http.HttpConnector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Which steps a chain claims: quick ones without a connection, of its own run, while its step count and clock last. */
class InlineStepsTest {

    static final UUID RUN = UUID.randomUUID();
    static final Node NOOP = node("core.noop", null);
    static final ConnectorRegistry CONNECTORS = new ConnectorRegistry(List.of(new CoreConnector(), new TriggerConnector(), new HttpConnector()));

    static Node node(String type, UUID connection) {
        return new Node("n", type, null, null, connection, null, null, null);
    }

    static StepJob job(UUID run) {
        return new StepJob(UUID.randomUUID(), run, UUID.randomUUID(), 1, StepJob.Mode.EXECUTE);
    }

    static InlineSteps inline(int steps, Duration budget) {
        return new InlineSteps(CONNECTORS, new EngineProperties(10, 20, steps, budget));
    }

    @Test
    void withoutAnOpenChainEveryStepIsAJob() {
        assertThat(inline(32, Duration.ofSeconds(1)).claim(NOOP, job(RUN))).isFalse();
    }

    @Test
    void aChainClaimsQuickStepsOfItsRunInOrderUpToItsStepCount() {
        InlineSteps inline = inline(2, Duration.ofSeconds(10));
        StepJob first = job(RUN);
        StepJob second = job(RUN);
        try (InlineSteps.Chain chain = inline.open(RUN, true)) {
            assertThat(chain).isNotNull();
            assertThat(inline.claim(NOOP, first)).isTrue();
            assertThat(inline.claim(node("core.transform", null), second)).isTrue();
            assertThat(inline.claim(NOOP, job(RUN))).as("over the step count").isFalse();
            assertThat(chain.claimed()).isEqualTo(2);
            assertThat(chain.next()).isEqualTo(first);
            assertThat(chain.next()).isEqualTo(second);
            assertThat(chain.next()).isNull();
        }
        assertThat(inline.claim(NOOP, job(RUN))).as("closed").isFalse();
    }

    @Test
    void stepsThatCallOutUseAConnectionBelongToAnotherRunOrAreNotExecutionsAreJobs() {
        InlineSteps inline = inline(32, Duration.ofSeconds(10));
        try (InlineSteps.Chain chain = inline.open(RUN, true)) {
            assertThat(inline.claim(node("http.request", null), job(RUN))).isFalse();
            assertThat(inline.claim(node("core.noop", UUID.randomUUID()), job(RUN))).isFalse();
            assertThat(inline.claim(node("core.gone", null), job(RUN))).isFalse();
            assertThat(inline.claim(NOOP, job(UUID.randomUUID()))).isFalse();
            StepJob signal = new StepJob(UUID.randomUUID(), RUN, UUID.randomUUID(), 1, StepJob.Mode.SIGNAL);
            assertThat(inline.claim(NOOP, signal)).isFalse();
            assertThat(chain.claimed()).isZero();
        }
    }

    @Test
    void aChainStopsClaimingOnceItHasUsedItsBudget() {
        AtomicLong cpu = new AtomicLong(1_000_000);
        InlineSteps inline = new InlineSteps(CONNECTORS, new EngineProperties(10, 20, 32, Duration.ofMillis(20)), cpu::get);
        try (InlineSteps.Chain chain = inline.open(RUN, true)) {
            cpu.addAndGet(Duration.ofMillis(19).toNanos());
            assertThat(inline.claim(NOOP, job(RUN))).isTrue();
            cpu.addAndGet(Duration.ofMillis(2).toNanos());
            assertThat(inline.claim(NOOP, job(RUN))).isFalse();
            assertThat(chain.claimed()).isEqualTo(1);
        }
    }

    @Test
    void theBudgetIsCountedInTheThreadsCpuTimeWhereTheJvmMeasuresIt() throws InterruptedException {
        InlineSteps.Clock clock = InlineSteps.Clock.threadCpu();
        long before = clock.nanos();
        Thread.sleep(50); // sleeping costs no CPU
        assertThat(clock.nanos() - before).isLessThan(Duration.ofMillis(20).toNanos());
    }

    static RunStore.RunRow run(UUID id) {
        Instant now = Instant.now();
        return new RunStore.RunRow(id, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, RunStatus.RUNNING, "test", "{}",
                null, null, false, null, null, null, now, now, null, null, null);
    }

    @Test
    void aChainThatKnowsTheRunsStepIdsClaimsThemWithoutQueueingAndReportsThemQueued() {
        InlineSteps inline = inline(32, Duration.ofSeconds(10));
        UUID stepId = UUID.randomUUID();
        RunStore.RunRow run = run(RUN);
        try (InlineSteps.Chain chain = inline.open(RUN, true)) {
            assertThat(inline.claimUnqueued(run, NOOP)).as("ids not known yet").isNull();
            assertThat(inline.stepIdSink(UUID.randomUUID())).as("another run's").isNull();
            inline.knowSteps(UUID.randomUUID(), Map.of("n", UUID.randomUUID())); // another run's: ignored
            assertThat(inline.stepIdSink(RUN)).isNotNull().isEmpty();
            inline.knowSteps(RUN, Map.of("n", stepId));
            assertThat(inline.stepIdSink(RUN)).as("known: nothing more to learn").isNull();

            assertThat(inline.claimUnqueued(run(UUID.randomUUID()), NOOP)).as("another run's step").isNull();
            assertThat(inline.claimUnqueued(run, node("http.request", null))).as("not quick").isNull();
            assertThat(inline.claimUnqueued(run, NOOP)).isEqualTo(stepId);
            assertThat(chain.claimed()).isEqualTo(1);
            assertThat(chain.run()).isSameAs(run);
            assertThat(inline.unqueued(stepId)).isTrue();
            assertThat(chain.unqueuedNode(stepId)).isEqualTo("n");
            assertThat(chain.next()).isEqualTo(new StepJob(run.tenantId(), RUN, stepId, 1, StepJob.Mode.EXECUTE));

            // the database says PENDING; the chain knows better, so the step is not found ready again
            Map<String, StepStatus> states = new HashMap<>(Map.of("n", StepStatus.PENDING, "other", StepStatus.PENDING));
            inline.overlay(RUN, states);
            assertThat(states).containsEntry("n", StepStatus.QUEUED).containsEntry("other", StepStatus.PENDING);
            Map<String, StepStatus> settled = new HashMap<>(Map.of("n", StepStatus.CANCELLED));
            inline.overlay(RUN, settled);
            assertThat(settled).as("settled meanwhile: left as it is").containsEntry("n", StepStatus.CANCELLED);

            inline.queued(stepId);
            assertThat(inline.unqueued(stepId)).as("queued after all").isFalse();
        }
        assertThat(inline.unqueued(stepId)).as("closed").isFalse();
        assertThat(inline.claimUnqueued(run, NOOP)).as("closed").isNull();
    }

    @Test
    void noChainOpensWhenChainingIsOffOrNotAllowedForThisAttempt() {
        assertThat(inline(0, Duration.ofSeconds(1)).open(RUN, true)).isNull();
        InlineSteps inline = inline(32, Duration.ofSeconds(1));
        assertThat(inline.open(RUN, false)).isNull();
        assertThat(inline.claim(NOOP, job(RUN))).isFalse();
    }
}
