package io.flowmeter.connector.email;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Sends email through an SMTP server (an SMTP connection: host, port, account, starttls/tls/none) with a text
 * and/or HTML body, via Jakarta Mail. Refused logins and recipients fail at once; unreachable servers retry.
 */
@Component
public class EmailConnector implements Connector {

    @Override
    public String key() {
        return "email";
    }

    @Override
    public String displayName() {
        return "Email (SMTP)";
    }

    @Override
    public String icon() {
        return "vaadin:envelope";
    }

    @Override
    public String description() {
        return "Email through your SMTP server";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(new ActionDefinition("send", "Send an email", "Sends through your SMTP server", List.of(
                ParamSpec.required("to", ParamType.STRING, "Recipients, comma-separated"),
                ParamSpec.optional("cc", ParamType.STRING, "Copy to, comma-separated", null),
                ParamSpec.required("from", ParamType.STRING, "Sender, e.g. Ops <ops@example.com>"),
                ParamSpec.required("subject", ParamType.STRING, "Subject"),
                ParamSpec.optional("text", ParamType.TEXT, "Plain-text body", null),
                ParamSpec.optional("html", ParamType.TEXT, "HTML body", null)), false)
                .withHelp("Sends a text and/or HTML email through the server of an SMTP connection (host, port, account, starttls, "
                        + "tls or none). Refused logins and recipients fail at once; unreachable servers are retried.")
                .withAuthKinds("smtp")
                .withExample(Map.of("to", "ada@example.com", "cc", "ops@example.com", "from", "Ops <ops@example.com>",
                        "subject", "Order A-1001 shipped", "text", "Order A-1001 left the warehouse today."))
                .withOutputs(OutputField.string("messageId", "The Message-ID header it was sent with"),
                        OutputField.list("recipients", "The to and cc addresses"))
                .withSample(Map.of("messageId", "<1045208541.1.1769850000000@flowmeter>",
                        "recipients", List.of("ada@example.com", "ops@example.com"))));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        if (!action.equals("send")) {
            throw ActionException.permanent("Unknown action email." + action);
        }
        Credentials smtp = request.credentials();
        if (smtp == null || smtp.get("host").isEmpty()) {
            throw ActionException.permanent("Choose an SMTP connection for this step");
        }
        io.flowmeter.connector.http.Egress.current().checkHost(smtp.get("host").orElseThrow());
        String text = request.string("text", "");
        String html = request.string("html", "");
        if (text.isEmpty() && html.isEmpty()) {
            throw ActionException.permanent("Give a text or an HTML body");
        }
        InternetAddress[] to = addresses("to", request.string("to", ""));
        InternetAddress[] cc = request.string("cc", "").isEmpty() ? new InternetAddress[0] : addresses("cc", request.string("cc", ""));
        InternetAddress from = addresses("from", request.string("from", ""))[0];

        JavaMailSenderImpl sender = sender(smtp, request.timeout().toMillis());
        var message = sender.createMimeMessage();
        try {
            var helper = new MimeMessageHelper(message, !text.isEmpty() && !html.isEmpty(), "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            if (cc.length > 0) {
                helper.setCc(cc);
            }
            helper.setSubject(request.string("subject", ""));
            if (!text.isEmpty() && !html.isEmpty()) {
                helper.setText(text, html);
            } else if (!html.isEmpty()) {
                helper.setText(html, true);
            } else {
                helper.setText(text, false);
            }
            // stable per step attempt: a re-sent attempt is recognisable by the receiving side
            message.setHeader("X-Flowmeter-Idempotency-Key", request.idempotencyKey());
            sender.send(message);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("messageId", message.getMessageID());
            List<String> recipients = new ArrayList<>();
            for (InternetAddress address : to) {
                recipients.add(address.getAddress());
            }
            for (InternetAddress address : cc) {
                recipients.add(address.getAddress());
            }
            output.put("recipients", recipients);
            return ActionResult.completed(output);
        } catch (MailAuthenticationException e) {
            throw ActionException.permanent("The SMTP server refused the login of the connection");
        } catch (MailSendException e) {
            for (Exception failure : e.getFailedMessages().values()) {
                if (failure instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                        && refused.getInvalidAddresses().length > 0) {
                    throw ActionException.permanent("The SMTP server refused a recipient: " + refused.getMessage());
                }
                if (failure instanceof AuthenticationFailedException) {
                    throw ActionException.permanent("The SMTP server refused the login of the connection");
                }
            }
            throw ActionException.retryable("Could not send through " + smtp.get("host").orElse("") + ": " + e.getMessage(), null, e);
        } catch (MailException e) {
            throw ActionException.retryable("Could not send through " + smtp.get("host").orElse("") + ": " + e.getMessage(), null, e);
        } catch (MessagingException e) {
            throw ActionException.permanent("The email could not be built: " + e.getMessage());
        }
    }

    private static JavaMailSenderImpl sender(Credentials smtp, long timeoutMillis) throws ActionException {
        var sender = new JavaMailSenderImpl();
        sender.setHost(smtp.get("host").orElseThrow());
        try {
            sender.setPort(Integer.parseInt(smtp.get("port").orElse("587")));
        } catch (NumberFormatException e) {
            throw ActionException.permanent("The SMTP connection's port is not a number");
        }
        smtp.get("username").filter(u -> !u.isBlank()).ifPresent(sender::setUsername);
        smtp.get("password").filter(p -> !p.isBlank()).ifPresent(sender::setPassword);
        String security = smtp.get("security").orElse("starttls").toLowerCase(Locale.ROOT);
        Properties properties = sender.getJavaMailProperties();
        String timeout = String.valueOf(Math.min(timeoutMillis, 60_000));
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        properties.put("mail.smtp.auth", String.valueOf(sender.getUsername() != null));
        switch (security) {
            case "tls" -> {
                sender.setProtocol("smtps");
                properties.put("mail.smtps.auth", String.valueOf(sender.getUsername() != null));
            }
            case "starttls" -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
            }
            default -> {
                // none: plain SMTP, for servers on a trusted network
            }
        }
        return sender;
    }

    private static InternetAddress[] addresses(String field, String value) throws ActionException {
        try {
            InternetAddress[] parsed = InternetAddress.parse(value, true);
            if (parsed.length == 0) {
                throw ActionException.permanent("'" + field + "' needs at least one address");
            }
            for (InternetAddress address : parsed) {
                address.validate();
            }
            return parsed;
        } catch (AddressException e) {
            throw ActionException.permanent("'" + field + "' is not a valid address list: " + e.getMessage());
        }
    }
}
