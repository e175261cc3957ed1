package io.flowmeter.engine.ui;

import io.flowmeter.engine.service.RunStore.RunRow;

import java.util.List;

/** The runs screens' test hooks, for tests outside this package (the runs benchmark checks what it timed). */
public final class RunScreens {

    private RunScreens() {
    }

    /** The runs the list shows, in order. */
    public static List<RunRow> shown(RunsView view) {
        return view.shown();
    }

    /** {@code nodeId:STATUS} of every step of the run the view shows. */
    public static List<String> stepStates(RunView view) {
        return view.stepStates();
    }
}
