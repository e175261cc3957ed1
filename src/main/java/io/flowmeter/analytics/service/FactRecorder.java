package io.flowmeter.analytics.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.SettlementListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the facts of what the engine settled, in the engine's transaction: a step's value (pending until its run
 * succeeds) and costs, a run's counts and value per run; a run that succeeds keeps its pending value (a loop item's
 * hands it to its loop's run), one that fails or is cancelled drops it, since a failed run saves nothing.
 */
@Component
class FactRecorder implements SettlementListener {

    private final FactStore facts;
    private final RoiBooks books;

    FactRecorder(FactStore facts, RoiBooks books) {
        this.facts = facts;
        this.books = books;
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
                if (run.outcome() == Settlement.RunOutcome.SUCCEEDED) {
                    facts.keepPending(run.runId(), run.itemRun() && run.parentRunId() != null ? run.parentRunId() : run.runId());
                } else {
                    facts.dropPending(run.runId());
                }
            }
        }
    }
}
