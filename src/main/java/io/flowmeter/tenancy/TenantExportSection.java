package io.flowmeter.tenancy;

/**
 * A module's part of an organization's data export: it writes its own tables' rows into the archive, never a secret
 * or a password hash. Called on the export's thread inside one read-only transaction in the organization's scope, so
 * every section sees the same moment.
 */
public interface TenantExportSection {

    /** Where it comes in the export (lower first); also the order of the progress shown. */
    int order();

    /** What the progress says while it is written ("Workflows and their versions"). */
    String title();

    /** Writes its files. */
    void write(TenantArchive archive);
}
