package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Cadence;
import io.flowmeter.identity.People;
import io.flowmeter.identity.security.SystemViewer;
import io.flowmeter.identity.service.Mailer;
import io.flowmeter.shared.PublicAddress;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Emails one period's ROI statement (the PDF of the ROI dashboard's download) to the members chosen, for the
 * organization bound to the thread. Their addresses are read now: a member who left is skipped. Says what happened in
 * a sentence for the settings screen; never throws for a refused or missing mail server.
 */
@Component
class StatementMailer {

    private final RoiStatement statement;
    private final People people;
    private final WorkflowService workflows;
    private final Mailer mailer;
    private final PublicAddress address;

    StatementMailer(RoiStatement statement, People people, WorkflowService workflows, Mailer mailer, PublicAddress address) {
        this.statement = statement;
        this.people = people;
        this.workflows = workflows;
        this.mailer = mailer;
        this.address = address;
    }

    /** What happened: "Sent … to 2 members" or why not. */
    String send(List<UUID> recipients, Cadence.Period period) {
        Set<UUID> chosen = Set.copyOf(recipients);
        List<String> to = people.members().stream().filter(m -> chosen.contains(m.userId())).map(People.Member::email).toList();
        String what = "The statement for " + period.from() + " to " + period.to();
        if (to.isEmpty()) {
            return what + " was not sent: none of the chosen members is still a member";
        }
        if (!mailer.isEnabled()) {
            return what + " was not sent: this server has no SMTP server set up (FLOWMETER_SMTP_HOST)";
        }
        byte[] pdf = SystemViewer.call(() -> {
            Map<UUID, String> names = new java.util.HashMap<>();
            return statement.pdf(period.from(), period.to(), id -> names.computeIfAbsent(id,
                    key -> workflows.names(List.of(key)).getOrDefault(key, "(deleted workflow)")));
        });
        String text = "Attached is the ROI statement of your organization for " + period.from() + " to " + period.to()
                + ": hours and money saved by its workflows, net of what they cost, with the assumptions behind the figures.\n\n"
                + "The dashboard: " + address.link("/roi") + "\nWho gets it, and how often: " + address.link("/settings/roi")
                + "\n\nYou get this email because an admin of your organization chose you as a recipient.";
        try {
            mailer.send(to, "Flowmeter ROI statement, " + period.from() + " to " + period.to(), text,
                    new Mailer.Attachment(RoiStatement.fileName(period.from(), period.to()), "application/pdf", pdf));
            return what + " was sent to " + (to.size() == 1 ? "1 member" : to.size() + " members");
        } catch (MailException e) {
            return what + " was not sent: " + e.getMessage();
        }
    }
}
