package io.flowmeter.tenancy;

import java.util.UUID;

/**
 * The archive an organization's export is written into, one file at a time (see {@link TenantExportSection}). Files
 * come from queries, read a batch of rows at a time, so a large table is never held whole.
 */
public interface TenantArchive {

    /** The organization being exported: every query names it, row-level security being the second lock. */
    UUID tenantId();

    /**
     * Writes a query's rows as a CSV file, its header the query's column labels: timestamps as ISO-8601 instants,
     * arrays joined by {@code ;}, text a spreadsheet would run as a formula made inert. Returns the rows written.
     */
    long csv(String fileName, String sql, Object... args);

    /** Writes a JSON file holding an array: one element per row, the row's one column a JSON document. */
    long jsonArray(String fileName, String sql, Object... args);

    /** Writes a JSON file holding the JSON document the query's one row and column gives ({@code {}} when no row). */
    void jsonObject(String fileName, String sql, Object... args);
}
