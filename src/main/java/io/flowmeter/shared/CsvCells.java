package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;

/** Cells of the CSV files Flowmeter hands out. */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * The value as a cell: text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
     * return) is prefixed with an apostrophe so it stays text; null is an empty cell.
     */
    public static Object safe(@Nullable Object value) {
        if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value == null ? "" : value;
    }
}
