package io.flowmeter.identity.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Properties;

/** Sends invite links by SMTP when it is configured. The link itself is never logged. */
@Component
class InviteMailer {

    private static final Logger log = LoggerFactory.getLogger(InviteMailer.class);

    private final MailProperties properties;
    private final Optional<JavaMailSenderImpl> sender;

    InviteMailer(MailProperties properties) {
        this.properties = properties;
        this.sender = properties.isConfigured() ? Optional.of(sender(properties)) : Optional.empty();
    }

    boolean isEnabled() {
        return sender.isPresent();
    }

    /** True when the message was handed to the SMTP server. */
    boolean sendInvite(String to, String tenantName, String inviterName, String role, String link) {
        if (sender.isEmpty()) {
            return false;
        }
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(inviterName + " invited you to " + tenantName + " on Flowmeter");
        message.setText("""
                Hello,

                %s invited you to join %s on Flowmeter as %s.

                Accept the invitation here (the link works once and expires):
                %s

                If you did not expect this, ignore this email.
                """.formatted(inviterName, tenantName, role, link));
        try {
            sender.get().send(message);
            return true;
        } catch (MailException e) {
            log.warn("Could not send the invitation email to {}: {}", to, e.getMessage());
            return false;
        }
    }

    private static JavaMailSenderImpl sender(MailProperties properties) {
        var mail = new JavaMailSenderImpl();
        mail.setHost(properties.host());
        mail.setPort(properties.port());
        if (properties.username() != null && !properties.username().isBlank()) {
            mail.setUsername(properties.username());
            mail.setPassword(properties.password());
        }
        Properties javaMail = mail.getJavaMailProperties();
        javaMail.put("mail.smtp.auth", String.valueOf(properties.username() != null && !properties.username().isBlank()));
        javaMail.put("mail.smtp.starttls.enable", String.valueOf(properties.starttls()));
        javaMail.put("mail.smtp.connectiontimeout", "5000");
        javaMail.put("mail.smtp.timeout", "5000");
        javaMail.put("mail.smtp.writetimeout", "5000");
        return mail;
    }
}
