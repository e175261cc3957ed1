package io.flowmeter.engine.notify;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The SQL of notification settings, in the caller's transaction (row-level security keeps it in the tenant). */
@Component
class NotificationSettingsStore {

    private final JdbcTemplate jdbc;

    NotificationSettingsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    NotificationTargets tenantDefault(UUID tenantId) {
        return jdbc.query("select tenant_id, emails, slack_connection_id, slack_channel from notification_defaults where tenant_id = ?",
                (rs, i) -> targets(rs), tenantId).stream().findFirst().orElse(NotificationTargets.NONE);
    }

    void saveTenantDefault(UUID tenantId, NotificationTargets targets) {
        jdbc.update("""
                insert into notification_defaults (tenant_id, emails, slack_connection_id, slack_channel) values (?, ?::text[], ?, ?)
                on conflict (tenant_id) do update set emails = excluded.emails, slack_connection_id = excluded.slack_connection_id,
                    slack_channel = excluded.slack_channel, updated_at = now()
                """, tenantId, targets.emails().toArray(String[]::new), targets.slackConnection(), targets.slackChannel());
    }

    WorkflowNotification forWorkflow(UUID workflowId) {
        return jdbc.query("select mode, emails, slack_connection_id, slack_channel from workflow_notifications where workflow_id = ?",
                (rs, i) -> new WorkflowNotification(WorkflowNotification.Mode.valueOf(rs.getString(1)), targets(rs)), workflowId)
                .stream().findFirst().orElse(WorkflowNotification.DEFAULT);
    }

    void saveForWorkflow(UUID tenantId, UUID workflowId, WorkflowNotification setting) {
        if (setting.mode() == WorkflowNotification.Mode.DEFAULT) {
            jdbc.update("delete from workflow_notifications where workflow_id = ?", workflowId);
            return;
        }
        NotificationTargets own = setting.own();
        jdbc.update("""
                insert into workflow_notifications (workflow_id, tenant_id, mode, emails, slack_connection_id, slack_channel)
                values (?, ?, ?, ?::text[], ?, ?)
                on conflict (workflow_id) do update set mode = excluded.mode, emails = excluded.emails,
                    slack_connection_id = excluded.slack_connection_id, slack_channel = excluded.slack_channel, updated_at = now()
                """, workflowId, tenantId, setting.mode().name(), own.emails().toArray(String[]::new), own.slackConnection(),
                own.slackChannel());
    }

    /**
     * Who hears about the workflow's failures now: its own setting, else its organization's default (named
     * explicitly, so that not even a platform-scope caller could pick up another organization's).
     */
    NotificationTargets effective(UUID tenantId, UUID workflowId) {
        return jdbc.query("""
                select w.mode, case when w.mode is null then d.emails else w.emails end,
                       case when w.mode is null then d.slack_connection_id else w.slack_connection_id end,
                       case when w.mode is null then d.slack_channel else w.slack_channel end
                from (select 1) one
                left join workflow_notifications w on w.workflow_id = ? and w.tenant_id = ?
                left join notification_defaults d on d.tenant_id = ?
                """, (rs, i) -> "OFF".equals(rs.getString(1)) ? NotificationTargets.NONE : targets(rs), workflowId, tenantId, tenantId)
                .stream().findFirst().orElse(NotificationTargets.NONE);
    }

    /**
     * Columns 2–4 of the row: emails, Slack connection, channel. A channel whose connection was deleted stays, so
     * that the next message says why it did not reach Slack.
     */
    private static NotificationTargets targets(ResultSet rs) throws SQLException {
        Array emails = rs.getArray(2);
        List<String> addresses = emails == null ? List.of() : Arrays.asList((String[]) emails.getArray());
        @Nullable UUID connection = rs.getObject(3, UUID.class);
        @Nullable String channel = rs.getString(4);
        return new NotificationTargets(addresses, connection, channel);
    }
}
