package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/** How an action ended: done with an output, or waiting (durably, holding no thread). */
public sealed interface ActionResult {

    static ActionResult completed(@Nullable Object output) {
        return new Completed(output);
    }

    /** Done; {@code output} is stored and visible to later steps as {@code steps.<id>.output}. */
    record Completed(@Nullable Object output) implements ActionResult {
    }

    /** Resume at {@code until}; the step then completes with {@code output}. */
    record WaitUntil(Instant until, @Nullable Object output) implements ActionResult {
    }

    /**
     * Wait for a signal of {@code kind} (an approval, a child run); the signal's payload becomes the output.
     * At {@code timeoutAt}, if given, the step completes with {@code timeoutOutput} instead.
     */
    record WaitForSignal(String kind, @Nullable Instant timeoutAt, @Nullable Object timeoutOutput,
                         @Nullable Object waitingInfo) implements ActionResult {
    }

    /**
     * Run the loop's body (the steps after its "each" edges) once per item, at most {@code concurrency} items at a
     * time; the step then completes with every item's result, in order. With {@code continueOnError} a failed item
     * is recorded as its error; without, the first failure stops new items and fails the step.
     */
    record Loop(List<@Nullable Object> items, int concurrency, boolean continueOnError) implements ActionResult {
        public Loop {
            items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }
    }
}
