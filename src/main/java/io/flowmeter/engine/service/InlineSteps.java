package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Chains quick steps in one transaction. While {@link StepExecutor} runs a quick step inside the transaction that
 * checked its job, the steps its outcome makes ready that are quick too (logic, no connection) are claimed here
 * instead of becoming jobs, and the executor runs them in the same transaction, up to a number of steps and an age of
 * the transaction; past that, and for every other step, jobs as usual. Nothing is less durable: the chain commits
 * with the outcome of the step whose job started it, and until then that job is still running, so a crash runs it,
 * chain and all, again.
 */
@Component
class InlineSteps {

    /** The chain of one transaction: the claimed steps not run yet, and what is left of its budget. */
    static final class Chain implements AutoCloseable {
        private final UUID runId;
        private final int maxSteps;
        private final long deadline;
        private final Clock clock;
        private final ArrayDeque<StepJob> pending = new ArrayDeque<>();
        private int claimed;
        private @Nullable RunStatus finished;
        /** The run's steps, node id → step id, once known: a step whose id is known is claimed without queueing it. */
        private final Map<String, UUID> stepIds = new HashMap<>();
        /** Claimed steps still PENDING in the database (they settle from there, or are queued when they do not). */
        private final Map<UUID, String> unqueued = new HashMap<>(); // step id → node id
        /** The chain's run as the step that claimed its last step saw it, under the run's lock. */
        private @Nullable RunRow run;
        private final ThreadLocal<@Nullable Chain> owner;

        private Chain(UUID runId, int maxSteps, long deadline, Clock clock, ThreadLocal<@Nullable Chain> owner) {
            this.runId = runId;
            this.maxSteps = maxSteps;
            this.deadline = deadline;
            this.clock = clock;
            this.owner = owner;
        }

        /** The next claimed step to run in this transaction, if any. */
        @Nullable StepJob next() {
            return pending.poll();
        }

        /** How the chain's run ended in this transaction, if it did (a run of logic steps ends as its start commits). */
        @Nullable RunStatus finished() {
            return finished;
        }

        /**
         * Whether {@code stepId} was claimed without being queued (it is PENDING in the database), and so runs on the
         * run row the chain holds rather than one read again.
         */
        boolean unqueued(UUID stepId) {
            return unqueued.containsKey(stepId);
        }

        /** The node of a step claimed without being queued, if {@code stepId} is one. */
        @Nullable String unqueuedNode(UUID stepId) {
            return unqueued.get(stepId);
        }

        /** The chain's run, as it stood when the last step was claimed (its lock held by this transaction). */
        @Nullable RunRow run() {
            return run;
        }

        /** How many steps were claimed (ran, or are about to, in this transaction). */
        int claimed() {
            return claimed;
        }

        private boolean spent() {
            return claimed >= maxSteps || clock.nanos() - deadline > 0;
        }

        @Override
        public void close() {
            owner.remove();
        }
    }

    /** What the budget is counted in: this thread's CPU time where the JVM measures it, else the clock. */
    @FunctionalInterface
    interface Clock {
        long nanos();

        static Clock threadCpu() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            return threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()
                    ? threads::getCurrentThreadCpuTime : System::nanoTime;
        }
    }

    private final ConnectorRegistry connectors;
    private final Clock clock;
    private final int maxSteps;
    private final long budgetNanos;
    private final ThreadLocal<@Nullable Chain> current = new ThreadLocal<>();

    @Autowired
    InlineSteps(ConnectorRegistry connectors, EngineProperties properties) {
        this(connectors, properties, Clock.threadCpu());
    }

    InlineSteps(ConnectorRegistry connectors, EngineProperties properties, Clock clock) {
        this.connectors = connectors;
        this.clock = clock;
        this.maxSteps = properties.inlineSteps();
        this.budgetNanos = properties.inlineBudget().toNanos();
    }

    /**
     * Whether a step of {@code node}, whose type resolved to {@code action}, runs inside the transaction that checked
     * its job (and may run inside another step's): a quick action without a connection.
     */
    static boolean runsInTransaction(ConnectorRegistry.Resolved action, Node node) {
        return action.action().quick() && node.connection() == null;
    }

    /** {@link #runsInTransaction} for a node whose type is resolved here; false for an unknown type. */
    boolean inlinable(Node node) {
        return connectors.resolve(node.type()).map(action -> runsInTransaction(action, node)).orElse(false);
    }

    /**
     * Opens the chain of the transaction running a quick step of {@code runId} on this thread; null when chaining is
     * off (or {@code allowed} is false: a retry after a chained step's failure runs its first step alone).
     */
    @Nullable Chain open(UUID runId, boolean allowed) {
        if (!allowed || maxSteps == 0) {
            return null;
        }
        Chain chain = new Chain(runId, maxSteps, clock.nanos() + budgetNanos, clock, current);
        current.set(chain);
        return chain;
    }

    /** Notes on this thread's chain, if it is {@code runId}'s, that the run finished with {@code status}. */
    void runFinished(UUID runId, RunStatus status) {
        Chain chain = current.get();
        if (chain != null && chain.runId.equals(runId)) {
            chain.finished = status;
        }
    }

    /** Tells this thread's chain, if it is {@code runId}'s, the ids of the run's steps (node id → step id). */
    void knowSteps(UUID runId, Map<String, UUID> ids) {
        Chain chain = current.get();
        if (chain != null && chain.runId.equals(runId)) {
            chain.stepIds.putAll(ids);
        }
    }

    /** Where the step ids of this thread's chain go as a statement reads them: null when no chain is open for {@code runId}. */
    @Nullable Map<String, UUID> stepIdSink(UUID runId) {
        Chain chain = current.get();
        return chain != null && chain.runId.equals(runId) && chain.stepIds.isEmpty() ? chain.stepIds : null;
    }

    /**
     * Corrects {@code states}, read from the database, for this thread's chain if it is {@code runId}'s: a step it
     * claimed without queueing it is PENDING there but QUEUED in fact (else a later advance would find it ready again).
     */
    void overlay(UUID runId, Map<String, StepStatus> states) {
        Chain chain = current.get();
        if (chain != null && chain.runId.equals(runId)) {
            chain.unqueued.values().forEach(nodeId -> states.replace(nodeId, StepStatus.PENDING, StepStatus.QUEUED));
        }
    }

    /** Whether the step {@code stepId} is one this thread's chain claimed without queueing it (still PENDING in the database). */
    boolean unqueued(UUID stepId) {
        Chain chain = current.get();
        return chain != null && chain.unqueued(stepId);
    }

    /** Notes that the unqueued step {@code stepId} was queued after all (it waits, retries, or becomes a job). */
    void queued(UUID stepId) {
        Chain chain = current.get();
        if (chain != null) {
            chain.unqueued.remove(stepId);
        }
    }

    /**
     * Claims the ready step of {@code node} for this thread's chain without queueing it, when the chain knows its id: the
     * step stays PENDING in the database and settles from there as its first attempt, in this transaction (one statement
     * instead of three). Returns its id, or null when it is to be queued (and perhaps claimed by {@link #claim}).
     */
    @Nullable UUID claimUnqueued(RunRow run, Node node) {
        Chain chain = current.get();
        if (chain == null || !run.id().equals(chain.runId) || chain.spent() || !inlinable(node)) {
            return null;
        }
        UUID stepId = chain.stepIds.get(node.id());
        if (stepId == null) {
            return null;
        }
        chain.pending.add(new StepJob(run.tenantId(), run.id(), stepId, 1, StepJob.Mode.EXECUTE));
        chain.unqueued.put(stepId, node.id());
        chain.run = run;
        chain.claimed++;
        return stepId;
    }

    /**
     * Claims the step job {@code job} of {@code node} that a run's advance calls for, for this thread's chain:
     * true when the chain will run it in this transaction (a quick step of the chain's run, with budget left), false
     * when it is to be dispatched as a job, as it is whenever no chain is open.
     */
    boolean claim(Node node, StepJob job) {
        Chain chain = current.get();
        if (chain == null || job.mode() != StepJob.Mode.EXECUTE || !job.runId().equals(chain.runId) || chain.spent()
                || !inlinable(node)) {
            return false;
        }
        chain.pending.add(job);
        chain.claimed++;
        return true;
    }
}
