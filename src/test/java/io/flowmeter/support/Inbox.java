package io.flowmeter.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the test SMTP server (GreenMail) received for one address; mail the app sends off the request thread is awaited. */
public final class Inbox {

    private static final Pattern RESET_LINK = Pattern.compile("https?://\\S+(/reset-password/(pwr_[A-Za-z0-9_-]+))");

    private final GreenMail smtp;
    private final String address;

    public Inbox(GreenMail smtp, String address) {
        this.smtp = smtp;
        this.address = address;
    }

    public List<MimeMessage> messages() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equalsIgnoreCase(address)).toList();
    }

    /** Waits until {@code count} messages have arrived for the address; fails after 15 s. */
    public List<MimeMessage> await(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> received = messages();
            if (received.size() >= count) {
                return received;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " message(s) for " + address + ", got " + messages().size());
    }

    /** The reset link's token in the newest of {@code count} messages. */
    public String awaitResetToken(int count) throws Exception {
        return resetLink(await(count).get(count - 1)).group(2);
    }

    /** The reset link's path ({@code /reset-password/pwr_...}) in the newest of {@code count} messages. */
    public String awaitResetPath(int count) throws Exception {
        return resetLink(await(count).get(count - 1)).group(1);
    }

    public static String text(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Matcher resetLink(MimeMessage message) {
        Matcher link = RESET_LINK.matcher(text(message));
        if (!link.find()) {
            throw new AssertionError("no reset link in: " + text(message));
        }
        return link;
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
