package io.flowmeter.audit.service;

import io.flowmeter.audit.AuditEntry;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.shared.KeysetCursor;
import io.flowmeter.shared.audit.AuditActor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The audit_events table: appends in the caller's transaction, and keyset searches newest first. */
@Component
class AuditStore {

    /** An entry to append. */
    record NewEntry(@Nullable UUID tenantId, boolean platform, AuditActor actor, RequestOrigin origin, String action,
                    String objectType, @Nullable String objectId, @Nullable String objectName, @Nullable String before,
                    @Nullable String after) {
    }

    private static final String COLUMNS = "id, tenant_id, platform, at, actor_kind, actor_id, actor_name, ip, user_agent, action, "
            + "object_type, object_id, object_name, before::text, after::text";

    private static final RowMapper<AuditEntry> ENTRY = (rs, i) -> new AuditEntry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            rs.getBoolean(3), rs.getTimestamp(4).toInstant(), AuditActor.Kind.valueOf(rs.getString(5)), rs.getObject(6, UUID.class),
            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
            rs.getString(14), rs.getString(15));

    private final JdbcTemplate jdbc;

    AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void append(NewEntry entry) {
        jdbc.update("""
                insert into audit_events (id, tenant_id, platform, actor_kind, actor_id, actor_name, ip, user_agent, action, object_type,
                                          object_id, object_name, before, after)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                """, UUID.randomUUID(), entry.tenantId(), entry.platform(), entry.actor().kind().name(), entry.actor().id(),
                cut(entry.actor().name(), 320), entry.origin().ip(), entry.origin().userAgent(), entry.action(), entry.objectType(),
                cut(entry.objectId(), 64), cut(entry.objectName(), 300), entry.before(), entry.after());
    }

    /**
     * Entries of {@code tenantId} (or, with {@code platform}, the platform's) matching {@code filter}, newest first,
     * after {@code cursor}; one more than {@code limit} when there is a next page.
     */
    List<AuditEntry> search(boolean platform, @Nullable UUID tenantId, AuditFilter filter, @Nullable KeysetCursor cursor, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_events where ");
        List<Object> args = new ArrayList<>();
        if (platform) {
            sql.append("platform");
        } else {
            sql.append("not platform and tenant_id = ?");
            args.add(tenantId);
        }
        if (filter.from() != null) {
            sql.append(" and at >= ?");
            args.add(filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" and at < ?");
            args.add(filter.to().atOffset(ZoneOffset.UTC));
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" and action = ?");
            args.add(filter.action().strip());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" and actor_name ilike ? escape '\\'");
            args.add(contains(filter.actor()));
        }
        if (filter.object() != null && !filter.object().isBlank()) {
            sql.append(" and (object_id = ? or object_name ilike ? escape '\\')");
            args.add(filter.object().strip());
            args.add(contains(filter.object()));
        }
        if (cursor != null) {
            sql.append(" and (at, id) < (?, ?)");
            args.add(cursor.at().atOffset(ZoneOffset.UTC));
            args.add(cursor.id());
        }
        sql.append(" order by at desc, id desc limit ?");
        args.add(limit + 1);
        return jdbc.query(sql.toString(), ENTRY, args.toArray());
    }

    /** Removes entries older than {@code keep}; the database refuses less than 30 days. Platform scope. */
    long expire(java.time.Duration keep) {
        Long gone = jdbc.queryForObject("select audit_expire(make_interval(secs => ?))", Long.class, (double) keep.toSeconds());
        return gone == null ? 0 : gone;
    }

    /** Removes an organization's own entries (not the platform's about it). Platform scope. */
    long forgetTenant(UUID tenantId) {
        Long gone = jdbc.queryForObject("select audit_forget_tenant(?)", Long.class, tenantId);
        return gone == null ? 0 : gone;
    }

    private static String contains(String text) {
        String escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static @Nullable String cut(@Nullable String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
