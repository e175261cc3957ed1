package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.SettledStep;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starts runs: stores the run and its step rows and dispatches the first ready steps, in one transaction (joining
 * the caller's, if any, so a loop's items start with the parent's lock held). Idempotent on the run id.
 */
@Component
class RunStarter {

    /**
     * What starting a run needs. {@code scope} is set for the run of one loop item: the loop node, whose body the run
     * executes; {@code copied} then holds the steps before the loop and the loop itself (its output is the item).
     */
    record Start(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind,
                 @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf,
                 Map<String, SettledStep> copied, @Nullable String scope) {

        Start(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind,
              @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf, Map<String, SettledStep> copied) {
            this(runId, workflowId, version, input, triggerKind, parentRunId, parentStepId, rerunOf, copied, null);
        }
    }

    private final RunStore store;
    private final DefinitionCache definitions;
    private final TemplateModel model;
    private final RunAdvancer advancer;
    private final RunEvents runEvents;
    private final EngineJson json;
    private final TransactionTemplate tx;
    private final InlineSteps inline;

    RunStarter(RunStore store, DefinitionCache definitions, TemplateModel model, RunAdvancer advancer, RunEvents runEvents,
               EngineJson json, TransactionTemplate tx, InlineSteps inline) {
        this.inline = inline;
        this.store = store;
        this.definitions = definitions;
        this.model = model;
        this.advancer = advancer;
        this.runEvents = runEvents;
        this.json = json;
        this.tx = tx;
    }

    /** Stores the run and its steps and dispatches the first ready steps; idempotent on the run id. */
    UUID start(Start start) {
        Loaded loaded = definitions.load(start.version());
        String input = json.write(start.input());
        String businessKey = start.scope() == null ? model.businessKey(loaded.definition().businessKey(), start.input()) : null;
        tx.executeWithoutResult(status -> {
            UUID tenantId = TenantContext.requireTenant();
            if (!store.insertRun(start.runId(), tenantId, start.workflowId(), start.version().getId(), start.version().getNumber(),
                    start.triggerKind(), input, start.parentRunId(), start.parentStepId(), start.rerunOf(), start.scope(), businessKey)) {
                return; // already started (a re-delivered request)
            }
            Map<String, SettledStep> settled = new HashMap<>(start.copied());
            loaded.definition().trigger().ifPresent(trigger -> settled.put(trigger.id(), new SettledStep(StepStatus.SUCCEEDED, input, null)));
            Set<String> nodes = new LinkedHashSet<>(settled.keySet());
            loaded.graph().nodeIds().stream().filter(id -> loaded.inScope(id, start.scope())).forEach(nodes::add);
            // the chain of this transaction, if one is open for the run, claims its first quick steps by these ids
            inline.knowSteps(start.runId(), store.insertSteps(tenantId, start.runId(), nodes, settled));
            Map<String, StepStatus> states = new LinkedHashMap<>(); // as just written: no need to read them back
            for (String node : nodes) {
                SettledStep done = settled.get(node);
                states.put(node, done == null ? StepStatus.PENDING : done.status());
            }
            RunEvents.Batch events = runEvents.of(tenantId, start.runId());
            events.add(null, RunEvent.Type.RUN_STARTED);
            // the row was inserted by this transaction, so it is already ours: no lock needed
            Instant now = Instant.now();
            RunRow run = new RunRow(start.runId(), tenantId, start.workflowId(), start.version().getId(), start.version().getNumber(),
                    RunStatus.RUNNING, start.triggerKind(), input, null, null, false, start.parentRunId(), start.parentStepId(),
                    start.rerunOf(), now, now, null, start.scope(), businessKey);
            advancer.advance(run, loaded, events, states);
            events.flush();
        });
        return start.runId();
    }
}
