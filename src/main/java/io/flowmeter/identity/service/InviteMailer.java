package io.flowmeter.identity.service;

import org.springframework.stereotype.Component;

/** Writes invitation emails; {@link Mailer} sends them when SMTP is configured. The link itself is never logged. */
@Component
class InviteMailer {

    private final Mailer mail;

    InviteMailer(Mailer mail) {
        this.mail = mail;
    }

    boolean isEnabled() {
        return mail.isEnabled();
    }

    /** True when the message was handed to the SMTP server. */
    boolean sendInvite(String to, String tenantName, String inviterName, String role, String link) {
        return mail.trySend(to, inviterName + " invited you to " + tenantName + " on Flowmeter", """
                Hello,

                %s invited you to join %s on Flowmeter as %s.

                Accept the invitation here (the link works once and expires):
                %s

                If you did not expect this, ignore this email.
                """.formatted(inviterName, tenantName, role, link));
    }
}
