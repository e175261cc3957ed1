package io.flowmeter.identity.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Properties;

/**
 * The product's own plain-text mail (invitations, password resets) over the SMTP server in {@link MailProperties},
 * when one is configured. Never logs a message's text: it carries one-time links.
 */
@Component
class SmtpMail {

    private static final Logger log = LoggerFactory.getLogger(SmtpMail.class);

    private final MailProperties properties;
    private final Optional<JavaMailSenderImpl> sender;

    SmtpMail(MailProperties properties) {
        this.properties = properties;
        this.sender = properties.isConfigured() ? Optional.of(sender(properties)) : Optional.empty();
    }

    boolean isEnabled() {
        return sender.isPresent();
    }

    /** True when the message was handed to the SMTP server. */
    boolean send(String to, String subject, String text) {
        if (sender.isEmpty()) {
            return false;
        }
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            sender.get().send(message);
            return true;
        } catch (MailException e) {
            log.warn("Could not send '{}' to {}: {}", subject, to, e.getMessage());
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
