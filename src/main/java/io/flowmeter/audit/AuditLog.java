package io.flowmeter.audit;

import org.jspecify.annotations.Nullable;

import java.io.Writer;
import java.util.List;

/**
 * Reading the audit log: the current organization's entries (its admins and owners, or its API keys), or the
 * platform's (platform admins). Newest first, a page at a time by keyset cursor.
 */
public interface AuditLog {

    /** A page of entries and the cursor of the next one (null at the end). */
    record Page(List<AuditEntry> items, @Nullable String next) {
    }

    /** The current organization's entries matching {@code filter}. */
    Page search(AuditFilter filter, @Nullable String cursor, int limit);

    /** The platform's entries (platform administration) matching {@code filter}. */
    Page searchPlatform(AuditFilter filter, @Nullable String cursor, int limit);

    /**
     * Writes the current organization's entries matching {@code filter} as CSV (at most {@code max} rows, newest
     * first), and records that they were exported; answers how many rows were written.
     */
    int exportCsv(AuditFilter filter, Writer out, int max);

    /** {@link #exportCsv} of the platform's entries. */
    int exportPlatformCsv(AuditFilter filter, Writer out, int max);
}
