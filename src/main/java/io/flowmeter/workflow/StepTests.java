package io.flowmeter.workflow;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * "Test step" in the builder: one step of a draft, run once now with sample data instead of a run's data, its
 * secrets redacted from what comes back. Nothing is stored and no run exists; waits (delays, approvals) and loops are
 * described rather than entered. The engine implements it.
 */
public interface StepTests {

    /**
     * What one test produced: the parameters as rendered ({@code input}), the output or the error, the connector's log
     * lines, how long it took, and, for a step that would wait or loop, what it would do.
     */
    record Result(boolean succeeded, @Nullable Object input, @Nullable Object output, @Nullable String error, String logs, long millis,
                  @Nullable String note) {
    }

    /**
     * Runs {@code node} with {@code data} as the template model ({@code trigger}: the sample input, {@code steps.<id>.output}:
     * earlier tests' outputs).
     */
    Result test(WorkflowDefinition.Node node, Map<String, Object> data);
}
