package io.flowmeter.shared.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of audit entry: its stable code (what the REST API and CSV say, what filters take), the type of object
 * it is about, and what the log shows.
 */
public enum AuditAction {
    SIGNED_IN("user.signed_in", "user", "Signed in"),
    SIGN_IN_FAILED("user.sign_in_failed", "user", "Sign-in failed"),
    SIGNED_UP("user.signed_up", "user", "Signed up"),
    INVITATION_SENT("member.invited", "invitation", "Invited a member"),
    INVITATION_REVOKED("member.invitation_revoked", "invitation", "Withdrew an invitation"),
    MEMBER_JOINED("member.joined", "member", "Joined"),
    MEMBER_ROLE_CHANGED("member.role_changed", "member", "Changed a member's role"),
    MEMBER_REMOVED("member.removed", "member", "Removed a member"),
    API_KEY_CREATED("api_key.created", "api_key", "Created an API key"),
    API_KEY_REVOKED("api_key.revoked", "api_key", "Revoked an API key"),
    CONNECTION_CREATED("connection.created", "connection", "Created a connection"),
    CONNECTION_RECONNECTED("connection.reconnected", "connection", "Reconnected a connection"),
    CONNECTION_SECRET_REPLACED("connection.secret_replaced", "connection", "Replaced a connection's secret"),
    CONNECTION_REVOKED("connection.revoked", "connection", "Revoked a connection"),
    CONNECTION_DELETED("connection.deleted", "connection", "Deleted a connection"),
    OAUTH_APP_CHANGED("oauth_app.changed", "oauth_app", "Changed an OAuth app"),
    WORKFLOW_CREATED("workflow.created", "workflow", "Created a workflow"),
    WORKFLOW_IMPORTED("workflow.imported", "workflow", "Imported a workflow"),
    WORKFLOW_PUBLISHED("workflow.published", "workflow", "Published a workflow"),
    WORKFLOW_RESTORED("workflow.restored", "workflow", "Restored a version"),
    WORKFLOW_PAUSED("workflow.paused", "workflow", "Paused a workflow"),
    WORKFLOW_RESUMED("workflow.resumed", "workflow", "Resumed a workflow"),
    WORKFLOW_DELETED("workflow.deleted", "workflow", "Deleted a workflow"),
    RUN_CANCELLED("run.cancelled", "run", "Cancelled a run"),
    RUN_RERUN("run.rerun", "run", "Re-ran a run"),
    RUNS_RETRIED("run.bulk_retried", "run", "Retried failed runs"),
    APPROVAL_DECIDED("approval.decided", "run", "Decided an approval"),
    ROI_ASSUMPTION_CHANGED("roi.assumption_changed", "roi", "Changed an ROI assumption"),
    ROI_RESTATED("roi.restated", "roi", "Restated ROI"),
    TENANT_SETTINGS_CHANGED("tenant.settings_changed", "tenant", "Changed organization settings"),
    AUDIT_EXPORTED("audit.exported", "audit", "Exported the audit log"),
    DATA_EXPORT_REQUESTED("tenant.export_requested", "export", "Asked for a data export"),
    DATA_EXPORT_DOWNLOADED("tenant.export_downloaded", "export", "Downloaded a data export"),
    TENANT_CREATED("platform.tenant_created", "tenant", "Created an organization"),
    TENANT_SUSPENDED("platform.tenant_suspended", "tenant", "Suspended an organization"),
    TENANT_REACTIVATED("platform.tenant_reactivated", "tenant", "Reactivated an organization"),
    TENANT_PLAN_CHANGED("platform.tenant_plan_changed", "tenant", "Changed an organization's quotas"),
    TENANT_DELETED("platform.tenant_deleted", "tenant", "Deleted an organization");

    private final String code;
    private final String objectType;
    private final String label;

    AuditAction(String code, String objectType, String label) {
        this.code = code;
        this.objectType = objectType;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String objectType() {
        return objectType;
    }

    public String label() {
        return label;
    }

    /** Platform administration, seen in the platform's log. */
    public boolean platform() {
        return code.startsWith("platform.");
    }

    public static Optional<AuditAction> byCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
    }
}
