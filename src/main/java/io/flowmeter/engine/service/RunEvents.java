package io.flowmeter.engine.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.SettlementListener;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tells the rest of the app what one transaction of the engine changed: run events to other nodes with it (NOTIFY is
 * transactional) and to this node's listeners after it commits, and settled steps and runs to the
 * {@link SettlementListener}s inside it, so their records commit or roll back with the change.
 */
@Component
class RunEvents {

    /** NOTIFY payloads are limited to 8000 bytes: a fan-out's many events go in several notifications. */
    static final int EVENTS_PER_NOTIFY = 25;

    private final RunStore store;
    private final WorkNotifier notifier;
    private final ApplicationEventPublisher publisher;
    private final EngineJson json;
    private final List<SettlementListener> settlements;

    RunEvents(RunStore store, WorkNotifier notifier, ApplicationEventPublisher publisher, EngineJson json,
              List<SettlementListener> settlements) {
        this.store = store;
        this.notifier = notifier;
        this.publisher = publisher;
        this.json = json;
        this.settlements = List.copyOf(settlements);
    }

    /** Collects the events of one transaction on one run; {@link Batch#flush} them before it commits. */
    Batch of(UUID tenantId, UUID runId) {
        return new Batch(tenantId, runId);
    }

    /**
     * Sends events to other nodes: in a transaction, once, just before it commits, with every batch it flushed (a chain
     * of quick steps flushes one per step); outside one, at once.
     */
    private void notifyOtherNodes(List<WorkNotifier.RunEventMessage> wire) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(wire);
            return;
        }
        @SuppressWarnings("unchecked")
        List<WorkNotifier.RunEventMessage> pending = (List<WorkNotifier.RunEventMessage>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<WorkNotifier.RunEventMessage> collected = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, collected);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    // a transaction of its own starts inside this one: its events are its own
                    TransactionSynchronizationManager.unbindResourceIfPossible(RunEvents.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(RunEvents.this, collected);
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    send(collected);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(RunEvents.this);
                }
            });
            pending = collected;
        }
        pending.addAll(wire);
    }

    private void send(List<WorkNotifier.RunEventMessage> wire) {
        if (!notifier.otherNodesListen()) {
            return; // the only node: no one else would read them
        }
        for (int from = 0; from < wire.size(); from += EVENTS_PER_NOTIFY) {
            store.notifyEvents(json.write(wire.subList(from, Math.min(wire.size(), from + EVENTS_PER_NOTIFY))));
        }
    }

    /** The events of one transaction. */
    final class Batch {
        private final UUID tenantId;
        private final UUID runId;
        private final List<RunEvent> events = new ArrayList<>();
        private final List<Settlement> settled = new ArrayList<>();

        private Batch(UUID tenantId, UUID runId) {
            this.tenantId = tenantId;
            this.runId = runId;
        }

        void add(@Nullable String nodeId, RunEvent.Type type) {
            events.add(new RunEvent(tenantId, runId, nodeId, type, false));
        }

        /**
         * A step attempt that ended, for the settlement listeners (skipped when there are none).
         *
         * @param executed whether the attempt ran the step's action now (false for a wait that ended), with
         *                 {@code busyMs} its working time
         */
        void step(RunRow run, Loaded loaded, UUID stepRunId, String nodeId, Settlement.StepOutcome outcome, int attempt, boolean executed,
                  long busyMs, @Nullable Object output, boolean signalled, Instant at) {
            if (settlements.isEmpty()) {
                return;
            }
            Node node = loaded.definition().node(nodeId).orElse(null);
            settled.add(new Settlement.Step(run.tenantId(), run.workflowId(), run.versionId(), run.versionNumber(), run.id(), stepRunId, nodeId,
                    node == null ? null : node.type(), node == null ? null : node.value(), outcome, attempt, executed, busyMs, output, signalled,
                    run.scopeNode() != null, at));
        }

        /** A run that finished, for the settlement listeners. */
        void run(RunRow run, Settlement.RunOutcome outcome) {
            if (!settlements.isEmpty()) {
                settled.add(new Settlement.Run(run.tenantId(), run.workflowId(), run.versionId(), run.versionNumber(), run.id(), outcome,
                        run.scopeNode() != null, run.parentRunId(), run.createdAt(), Instant.now()));
            }
        }

        void flush() {
            if (!settled.isEmpty()) {
                List<Settlement> batch = List.copyOf(settled);
                settled.clear();
                settlements.forEach(listener -> listener.settled(batch)); // in the transaction: commits or rolls back with it
            }
            if (events.isEmpty()) {
                return;
            }
            List<WorkNotifier.RunEventMessage> wire = events.stream().map(e ->
                    new WorkNotifier.RunEventMessage(notifier.nodeId(), e.tenantId(), e.runId(), e.nodeId(), e.type())).toList();
            notifyOtherNodes(wire);
            List<RunEvent> toPublish = List.copyOf(events);
            events.clear();
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        toPublish.forEach(publisher::publishEvent);
                    }
                });
            } else {
                toPublish.forEach(publisher::publishEvent);
            }
        }
    }
}
