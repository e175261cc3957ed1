package io.flowmeter.shared;

/**
 * The paging parameters every list endpoint shares. Out-of-range values are refused with a 400 naming the
 * parameter rather than quietly changed, so a client never mistakes a clamped page for the one it asked for.
 */
public final class Paging {

    public static final int MAX_PAGE_SIZE = 200;
    /** Offset paging beyond this is refused: deep offsets are slow, and a client that far in should narrow its filter. */
    public static final int MAX_PAGE = 100_000;

    private Paging() {
    }

    /** A page size or limit: 1 to {@value #MAX_PAGE_SIZE}. */
    public static int size(String parameter, int value) {
        if (value < 1 || value > MAX_PAGE_SIZE) {
            throw new InvalidInputException(parameter, "'" + parameter + "' must be between 1 and " + MAX_PAGE_SIZE + " (was " + value + ")");
        }
        return value;
    }

    /** A zero-based page number: 0 to {@value #MAX_PAGE}. */
    public static int page(String parameter, int value) {
        if (value < 0 || value > MAX_PAGE) {
            throw new InvalidInputException(parameter, "'" + parameter + "' must be between 0 and " + MAX_PAGE + " (was " + value + ")");
        }
        return value;
    }
}
