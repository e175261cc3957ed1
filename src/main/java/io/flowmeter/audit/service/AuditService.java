package io.flowmeter.audit.service;

import io.flowmeter.audit.AuditEntry;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.shared.CsvCells;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.KeysetCursor;
import io.flowmeter.shared.Paging;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.tenancy.TenantContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** {@link AuditLog}: an organization's log for its admins and owners (and its API keys), the platform's for platform admins. */
@Service
class AuditService implements AuditLog {

    static final String[] CSV_HEADER = {"at", "actor_kind", "actor", "ip", "user_agent", "action", "description", "object_type",
            "object_id", "object_name", "before", "after"};

    private final AuditStore store;
    private final TransactionTemplate tx;
    private final Audit audit;

    AuditService(AuditStore store, TransactionTemplate tx, Audit audit) {
        this.store = store;
        this.tx = tx;
        this.audit = audit;
    }

    @Override
    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public Page search(AuditFilter filter, @Nullable String cursor, int limit) {
        UUID tenantId = TenantContext.requireTenant();
        return page(false, tenantId, filter, cursor, limit);
    }

    @Override
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Page searchPlatform(AuditFilter filter, @Nullable String cursor, int limit) {
        return TenantContext.callAsPlatform(() -> page(true, null, filter, cursor, limit));
    }

    @Override
    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public int exportCsv(AuditFilter filter, Writer out, int max) {
        UUID tenantId = TenantContext.requireTenant();
        int rows = writeCsv(false, tenantId, filter, out, max);
        tx.executeWithoutResult(status -> audit.record(AuditAction.AUDIT_EXPORTED, null, "Audit log", null, exported(filter, rows)));
        return rows;
    }

    @Override
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public int exportPlatformCsv(AuditFilter filter, Writer out, int max) {
        return TenantContext.callAsPlatform(() -> writeCsv(true, null, filter, out, max));
    }

    private Page page(boolean platform, @Nullable UUID tenantId, AuditFilter filter, @Nullable String cursor, int limit) {
        Paging.size("limit", limit);
        check(filter);
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<AuditEntry> rows = Objects.requireNonNull(tx.execute(status -> store.search(platform, tenantId, filter, after, limit)));
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AuditEntry> items = rows.subList(0, limit);
        AuditEntry last = items.get(limit - 1);
        return new Page(List.copyOf(items), new KeysetCursor(last.at(), last.id()).encode());
    }

    private int writeCsv(boolean platform, @Nullable UUID tenantId, AuditFilter filter, Writer out, int max) {
        int written = 0;
        try (var printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            String cursor = null;
            do {
                Page page = page(platform, tenantId, filter, cursor, Math.min(Paging.MAX_PAGE_SIZE, max - written));
                for (AuditEntry e : page.items()) {
                    String description = AuditAction.byCode(e.action()).map(AuditAction::label).orElse(e.action());
                    printer.printRecord(List.of(e.at(), e.actorKind(), e.actorName(), nz(e.ip()), nz(e.userAgent()), e.action(), description,
                            e.objectType(), nz(e.objectId()), nz(e.objectName()), nz(e.before()), nz(e.after())).stream().map(CsvCells::safe).toList());
                    written++;
                }
                cursor = page.next();
            } while (cursor != null && written < max);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private static void check(AuditFilter filter) {
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new InvalidInputException("to", "'to' must be after 'from'");
        }
        if (filter.action() != null && !filter.action().isBlank() && AuditAction.byCode(filter.action().strip()).isEmpty()) {
            throw new InvalidInputException("action", "Unknown action '" + filter.action().strip() + "'; see the actions in the README");
        }
    }

    private static Map<String, Object> exported(AuditFilter filter, int rows) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("rows", rows);
        if (filter.from() != null) {
            after.put("from", filter.from().toString());
        }
        if (filter.to() != null) {
            after.put("to", filter.to().toString());
        }
        if (filter.action() != null) {
            after.put("action", filter.action());
        }
        if (filter.actor() != null) {
            after.put("actor", filter.actor());
        }
        if (filter.object() != null) {
            after.put("object", filter.object());
        }
        return after;
    }

    private static String nz(@Nullable String text) {
        return text == null ? "" : text;
    }
}
