package io.flowmeter.engine.notify;

import io.flowmeter.connection.Connections;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.service.EmailAddress;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who hears about failed runs, for the current organization: its default (admins set it) and each workflow's own
 * setting (builders set it: the default, its own targets, or off). Every target is checked on save: well-formed email
 * addresses, a Slack connection of this organization and a channel.
 */
@Service
public class NotificationSettings {

    static final int MAX_EMAILS = 20;
    /** A channel's name (Slack allows lower-case letters, digits, - and _, at most 80) or its id (C…, G…). */
    private static final Pattern CHANNEL = Pattern.compile("^(#?[a-z0-9][a-z0-9_.-]{0,79}|[CG][A-Z0-9]{6,20})$");
    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");
    private static final String READ = "hasRole('" + Role.Names.VIEWER + "')";

    /** How a workflow's latest notification went (pending: failures waiting for the window to end). */
    public record LastNotice(UUID workflowId, String workflowName, @Nullable Instant sentAt, @Nullable String outcome,
                             @Nullable Instant outcomeAt, int pending) {
    }

    private final NotificationSettingsStore store;
    private final FailureNoticeStore notices;
    private final WorkflowService workflows;
    private final Connections connections;
    private final EmailChannel email;
    private final TransactionTemplate tx;
    private final NotificationProperties properties;

    NotificationSettings(NotificationSettingsStore store, FailureNoticeStore notices, WorkflowService workflows, Connections connections,
                         EmailChannel email, TransactionTemplate tx, NotificationProperties properties) {
        this.store = store;
        this.notices = notices;
        this.workflows = workflows;
        this.connections = connections;
        this.email = email;
        this.tx = tx;
        this.properties = properties;
    }

    @PreAuthorize(READ)
    public NotificationTargets tenantDefault() {
        UUID tenant = TenantContext.requireTenant();
        return tx.execute(status -> store.tenantDefault(tenant));
    }

    /** Sets the organization's default; empty targets: workflows without a setting of their own notify nobody. */
    @PreAuthorize("hasRole('" + Role.Names.ADMIN + "')")
    public NotificationTargets saveTenantDefault(NotificationTargets targets) {
        NotificationTargets valid = validated(targets);
        UUID tenant = TenantContext.requireTenant();
        tx.executeWithoutResult(status -> store.saveTenantDefault(tenant, valid));
        return valid;
    }

    @PreAuthorize(READ)
    public WorkflowNotification forWorkflow(UUID workflowId) {
        workflows.get(workflowId); // another organization's workflow is not found
        return tx.execute(status -> store.forWorkflow(workflowId));
    }

    @PreAuthorize("hasRole('" + Role.Names.BUILDER + "')")
    public WorkflowNotification saveForWorkflow(UUID workflowId, WorkflowNotification setting) {
        workflows.get(workflowId);
        WorkflowNotification valid = switch (setting.mode()) {
            case DEFAULT, OFF -> new WorkflowNotification(setting.mode(), NotificationTargets.NONE);
            case OWN -> {
                NotificationTargets own = validated(setting.own());
                if (own.isEmpty()) {
                    throw new InvalidInputException("emails", "Add an email address or a Slack channel, or switch notifications off");
                }
                yield new WorkflowNotification(WorkflowNotification.Mode.OWN, own);
            }
        };
        UUID tenant = TenantContext.requireTenant();
        tx.executeWithoutResult(status -> store.saveForWorkflow(tenant, workflowId, valid));
        return valid;
    }

    @PreAuthorize(READ)
    public Optional<LastNotice> lastNotice(UUID workflowId) {
        return tx.execute(status -> notices.last(workflowId)).map(this::named);
    }

    /** The organization's latest notifications, newest first. */
    @PreAuthorize(READ)
    public List<LastNotice> recentNotices(int limit) {
        return tx.execute(status -> notices.recent(limit)).stream().map(this::named).toList();
    }

    /** Whether this server can send email at all (an SMTP server is configured). */
    public boolean emailAvailable() {
        return email.isAvailable();
    }

    /** At most one message per workflow per this long: "10 minutes". */
    public String windowText() {
        return FailureThrottle.describe(properties.window());
    }

    /** Addresses as typed (commas, semicolons, spaces or lines between them), normalized and checked one by one. */
    public static List<String> parseEmails(String text) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String part : SEPARATORS.split(text.strip())) {
            if (!part.isEmpty()) {
                addresses.add(part);
            }
        }
        return List.copyOf(addresses);
    }

    private NotificationTargets validated(NotificationTargets targets) {
        Set<String> emails = new LinkedHashSet<>();
        for (String address : targets.emails()) {
            if (!EmailAddress.isValid(address)) {
                throw new InvalidInputException("emails", "'" + address + "' is not an email address; write one like name@example.com");
            }
            emails.add(address.strip().toLowerCase(Locale.ROOT));
        }
        if (emails.size() > MAX_EMAILS) {
            throw new InvalidInputException("emails", "At most " + MAX_EMAILS + " addresses; use a mailing list for more");
        }
        if (!targets.wantsSlack()) {
            return new NotificationTargets(List.copyOf(emails), null, null);
        }
        UUID connection = targets.slackConnection();
        if (connection == null) {
            throw new InvalidInputException("slackConnection", "Choose the Slack connection to post with");
        }
        if (!connections.exists(connection)) {
            throw new InvalidInputException("slackConnection", "That connection does not exist in this organization; choose another");
        }
        String channel = targets.slackChannel() == null ? "" : targets.slackChannel().strip();
        if (channel.isEmpty()) {
            throw new InvalidInputException("slackChannel", "Name the channel to post to, e.g. #alerts");
        }
        if (!CHANNEL.matcher(channel).matches()) {
            throw new InvalidInputException("slackChannel", "Write a channel name like #alerts (lower-case letters, digits, - and _) or a channel id like C0123ABCD");
        }
        return new NotificationTargets(List.copyOf(emails), connection, channel);
    }

    private LastNotice named(FailureNoticeStore.LastDelivery delivery) {
        return new LastNotice(delivery.workflowId(), workflows.name(delivery.workflowId()).orElse("(deleted workflow)"), delivery.sentAt(),
                delivery.outcome(), delivery.outcomeAt(), delivery.pending());
    }
}
