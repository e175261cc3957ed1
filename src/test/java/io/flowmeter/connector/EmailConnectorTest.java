package io.flowmeter.connector;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.flowmeter.connector.email.EmailConnector;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The email connector against a real SMTP server (GreenMail): text and HTML bodies, addresses, failures. */
class EmailConnectorTest {

    GreenMail smtp;
    Credentials account;
    final EmailConnector email = new EmailConnector();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtp.setUser("ops@example.com", "ops", "ops-password");
        account = new Credentials(Map.of("host", "127.0.0.1", "port", String.valueOf(port), "username", "ops",
                "password", "ops-password", "security", "none"));
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void sendsTextAndHtmlToEveryRecipient() throws Exception {
        var output = ConnectorCatalogTest.output(email, "send", Map.of("to", "ada@example.com, grace@example.com", "cc", "ops@example.com",
                "from", "Flowmeter <ops@example.com>", "subject", "Invoice 42 paid", "text", "Paid: 99.50 EUR",
                "html", "<p>Paid: <b>99.50 EUR</b></p>"), account);
        @SuppressWarnings("unchecked")
        var sent = (Map<String, Object>) output;
        assertThat(sent.get("recipients")).isEqualTo(List.of("ada@example.com", "grace@example.com", "ops@example.com"));
        assertThat(smtp.waitForIncomingEmail(5_000, 3)).isTrue();
        var message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("Invoice 42 paid");
        assertThat(message.getFrom()[0].toString()).isEqualTo("Flowmeter <ops@example.com>");
        assertThat(message.getHeader("X-Flowmeter-Idempotency-Key")[0]).isEqualTo("idem-key-1");
        assertThat(message.getMessageID()).isEqualTo(sent.get("messageId"));
        String raw = GreenMailUtil.getWholeMessage(message);
        assertThat(raw).contains("Paid: 99.50 EUR").contains("<b>99.50 EUR</b>").contains("multipart/alternative");
    }

    @Test
    void badAddressesRefusedLoginsAndUnreachableServers() throws Exception {
        assertThatThrownBy(() -> ConnectorCatalogTest.output(email, "send", Map.of("to", "not an address", "from", "ops@example.com",
                "subject", "x", "text", "x"), account)).hasMessageContaining("'to' is not a valid address list");
        assertThatThrownBy(() -> ConnectorCatalogTest.output(email, "send", Map.of("to", "a@example.com", "from", "ops@example.com",
                "subject", "x"), account)).hasMessageContaining("text or an HTML body");
        var wrongPassword = new Credentials(Map.of("host", "127.0.0.1", "port", account.get("port").orElseThrow(), "username", "ops",
                "password", "wrong", "security", "none"));
        assertThatThrownBy(() -> ConnectorCatalogTest.output(email, "send", Map.of("to", "a@example.com", "from", "ops@example.com",
                "subject", "x", "text", "x"), wrongPassword)).hasMessageContaining("refused the login")
                .satisfies(e -> assertThat(((ActionException) e).retryable()).isFalse());
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var nowhere = new Credentials(Map.of("host", "127.0.0.1", "port", String.valueOf(closed), "username", "ops",
                "password", "x", "security", "none"));
        assertThatThrownBy(() -> ConnectorCatalogTest.output(email, "send", Map.of("to", "a@example.com", "from", "ops@example.com",
                "subject", "x", "text", "x"), nowhere)).satisfies(e -> assertThat(((ActionException) e).retryable()).isTrue());
    }
}
