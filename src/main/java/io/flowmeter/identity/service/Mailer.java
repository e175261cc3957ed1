package io.flowmeter.identity.service;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Optional;
import java.util.Properties;

/**
 * Plain-text email through the SMTP server of {@link MailProperties} (invitations, password resets, failure
 * notifications). Without a host nothing can be sent. Its credentials stay here: callers see whether a message was
 * accepted, never the account. Never logs a message's text: it may carry one-time links.
 */
@Component
public class Mailer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Mailer.class);

    private final MailProperties properties;
    private final Optional<JavaMailSenderImpl> sender;

    Mailer(MailProperties properties) {
        this.properties = properties;
        this.sender = properties.isConfigured() ? Optional.of(sender(properties)) : Optional.empty();
    }

    public boolean isEnabled() {
        return sender.isPresent();
    }

    /**
     * Hands one message for all of {@code to} to the SMTP server, from the configured sender.
     *
     * @throws MailException when the server refuses it or cannot be reached
     * @throws IllegalStateException when no SMTP server is configured
     */
    public void send(Collection<String> to, String subject, String text) {
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to.toArray(String[]::new));
        message.setSubject(subject);
        message.setText(text);
        sender.orElseThrow(() -> new IllegalStateException("No SMTP server is configured")).send(message);
    }

    /** A file sent with a message. */
    public record Attachment(String fileName, String contentType, byte[] bytes) {
    }

    /**
     * Like {@link #send(Collection, String, String)}, with one file attached.
     *
     * @throws MailException when the server refuses it or cannot be reached
     */
    public void send(Collection<String> to, String subject, String text, Attachment attachment) {
        JavaMailSenderImpl mail = sender.orElseThrow(() -> new IllegalStateException("No SMTP server is configured"));
        jakarta.mail.internet.MimeMessage message = mail.createMimeMessage();
        try {
            var helper = new org.springframework.mail.javamail.MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(properties.from());
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(subject);
            helper.setText(text, false);
            helper.addAttachment(attachment.fileName(), new org.springframework.core.io.ByteArrayResource(attachment.bytes()), attachment.contentType());
        } catch (jakarta.mail.MessagingException e) {
            throw new org.springframework.mail.MailPreparationException("Could not build the message: " + e.getMessage(), e);
        }
        mail.send(message);
    }

    /** Sends to one address if SMTP is configured; true when the server accepted it (a refusal is logged, not thrown). */
    public boolean trySend(String to, String subject, String text) {
        if (sender.isEmpty()) {
            return false;
        }
        try {
            send(java.util.List.of(to), subject, text);
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
