package io.flowmeter.identity.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

import java.util.List;

/** Sends invite links by SMTP when it is configured. The link itself is never logged. */
@Component
class InviteMailer {

    private static final Logger log = LoggerFactory.getLogger(InviteMailer.class);

    private final Mailer mailer;

    InviteMailer(Mailer mailer) {
        this.mailer = mailer;
    }

    boolean isEnabled() {
        return mailer.isEnabled();
    }

    /** True when the message was handed to the SMTP server. */
    boolean sendInvite(String to, String tenantName, String inviterName, String role, String link) {
        if (!mailer.isEnabled()) {
            return false;
        }
        try {
            mailer.send(List.of(to), inviterName + " invited you to " + tenantName + " on Flowmeter", """
                    Hello,

                    %s invited you to join %s on Flowmeter as %s.

                    Accept the invitation here (the link works once and expires):
                    %s

                    If you did not expect this, ignore this email.
                    """.formatted(inviterName, tenantName, role, link));
            return true;
        } catch (MailException e) {
            log.warn("Could not send the invitation email to {}: {}", to, e.getMessage());
            return false;
        }
    }
}
