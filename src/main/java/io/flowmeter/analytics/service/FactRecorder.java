package io.flowmeter.analytics.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.SettlementListener;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the facts of what the engine settled, in the engine's transaction: a step's value (pending until its run
 * succeeds) and costs, a run's counts and value per run; a run that succeeds keeps its pending value (a loop item's
 * hands it to its loop's run), one that fails or is cancelled drops it, since a failed run saves nothing.
 */
@Component
class FactRecorder implements SettlementListener {

    private final FactStore facts;
    private final RoiBooks books;
    private final WorkflowService workflows;
    /** Whether a version has a step whose value settings save something (versions never change). */
    private final Cache<UUID, Boolean> valued = Caffeine.newBuilder().maximumSize(10_000).build();

    FactRecorder(FactStore facts, RoiBooks books, WorkflowService workflows) {
        this.facts = facts;
        this.books = books;
        this.workflows = workflows;
    }

    @Override
    public void settled(List<Settlement> settlements) {
        RoiBook book = books.of(settlements.get(0).tenantId());
        List<Fact> written = new ArrayList<>();
        for (Settlement settlement : settlements) {
            if (settlement instanceof Settlement.Step step) {
                written.addAll(FactBuilder.step(step, book));
            }
        }
        facts.insert(written);
        for (Settlement settlement : settlements) {
            if (settlement instanceof Settlement.Run run) {
                facts.insert(FactBuilder.run(run, book));
                if (!valued(run.versionId())) {
                    continue; // no step of this version can have left value pending
                }
                if (run.outcome() == Settlement.RunOutcome.SUCCEEDED) {
                    facts.keepPending(run.runId(), run.itemRun() && run.parentRunId() != null ? run.parentRunId() : run.runId());
                } else {
                    facts.dropPending(run.runId());
                }
            }
        }
    }

    private boolean valued(UUID versionId) {
        return valued.get(versionId, id -> workflows.version(id).map(version -> workflows.definitionOf(version).nodesOrEmpty().stream()
                .anyMatch(node -> FactBuilder.parsed(node.value()).savesSomething())).orElse(true));
    }
}
