package io.flowmeter.engine.notify;

import io.flowmeter.identity.service.Mailer;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;

import java.util.List;

/** Failure notifications by email, through the SMTP server the invitations use. */
@Component
class EmailChannel {

    private final Mailer mailer;

    EmailChannel(Mailer mailer) {
        this.mailer = mailer;
    }

    boolean isAvailable() {
        return mailer.isEnabled();
    }

    Delivery deliver(List<String> to, FailureMessage message) {
        String whom = to.size() == 1 ? to.get(0) : to.size() + " addresses";
        if (!mailer.isEnabled()) {
            return Delivery.failed("Email to " + whom + " not sent: this server has no SMTP server set up (FLOWMETER_SMTP_HOST)", false);
        }
        try {
            mailer.send(to, message.subject(), message.emailText());
            return Delivery.delivered("Email to " + whom + " sent");
        } catch (MailException e) {
            return Delivery.failed("Email to " + whom + " not sent: " + e.getMessage(), retryable(e));
        }
    }

    /** A server that could not be reached may be back later; a refused login or recipient will refuse again. */
    private static boolean retryable(MailException e) {
        if (e instanceof MailAuthenticationException || !(e instanceof MailSendException send)) {
            return false;
        }
        return send.getFailedMessages().values().stream().noneMatch(cause -> cause instanceof jakarta.mail.SendFailedException);
    }
}
