package io.flowmeter.engine.ui;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/**
 * Asks before a bulk action and says how many runs it touches (and how many of the chosen ones it leaves alone);
 * retrying is an ordinary action, cancelling a dangerous one.
 */
class BulkRunActionDialog extends ConfirmDialog {

    enum Kind { RETRY, CANCEL }

    BulkRunActionDialog(Kind kind, int applicable, int chosen, boolean fromFilter, Runnable action) {
        String runs = applicable == 1 ? "1 run" : applicable + " runs";
        String scope = fromFilter ? " matching the filter" : " of the " + chosen + " selected";
        setHeader(kind == Kind.RETRY ? "Retry " + runs + "?" : "Cancel " + runs + "?");
        String what = kind == Kind.RETRY
                ? "Each failed or parked run" + scope + " runs again as a new run from its failed steps, on its own version; "
                + "steps that had succeeded keep their outputs."
                : "Each running, waiting or paused run" + scope + " stops now; steps already done keep their effects.";
        int left = chosen - applicable;
        String rest = left <= 0 ? "" : " " + (left == 1 ? "1 other run is" : left + " other runs are") + " left as they are.";
        setText(what + rest);
        setCancelable(true);
        setCancelText("Keep them");
        setConfirmText(kind == Kind.RETRY ? "Retry " + runs : "Cancel " + runs);
        setConfirmButtonTheme(kind == Kind.RETRY ? "primary" : "error primary");
        addConfirmListener(e -> action.run());
        setId("runs-bulk-confirm");
    }
}
