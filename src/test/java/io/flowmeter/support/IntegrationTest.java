package io.flowmeter.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Every integration test extends this, so they all share one Spring context: one embedded PostgreSQL,
 * real JobRunr, a real servlet container on a random port and a real SMTP server (GreenMail) that the app
 * sends invitations to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    protected static final GreenMail SMTP = startSmtp();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("flowmeter.mail.host", () -> "127.0.0.1");
        registry.add("flowmeter.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("flowmeter.mail.starttls", () -> "false");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static GreenMail startSmtp() {
        var greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
