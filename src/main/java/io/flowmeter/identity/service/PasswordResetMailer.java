package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.User;
import io.flowmeter.shared.PublicAddress;
import org.springframework.stereotype.Component;

/** Writes the email that carries a password reset link; {@link Mailer} sends it. */
@Component
class PasswordResetMailer {

    private final Mailer mail;
    private final PublicAddress publicAddress;
    private final PasswordResetProperties settings;

    PasswordResetMailer(Mailer mail, PublicAddress publicAddress, PasswordResetProperties settings) {
        this.mail = mail;
        this.publicAddress = publicAddress;
        this.settings = settings;
    }

    boolean isEnabled() {
        return mail.isEnabled();
    }

    void send(User user, String token) {
        mail.trySend(user.getEmail(), "Reset your Flowmeter password", """
                Hello %s,

                Someone, hopefully you, asked to reset the password of your Flowmeter account %s.

                Choose a new password here (the link works once, for %s):
                %s

                If you did not ask for this, ignore this email: your password stays as it is.
                """.formatted(user.getDisplayName(), user.getEmail(), PasswordResetProperties.readable(settings.validity()),
                publicAddress.link("/reset-password/" + token)));
    }
}
