package io.flowmeter.identity;

import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.security.SignInService.SessionCheck;
import io.flowmeter.identity.service.PasswordResetService;
import io.flowmeter.identity.service.PasswordResetService.LinkState;
import io.flowmeter.identity.service.PasswordResetService.Request;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Forgot password" end to end below the screens: request, the mail over real SMTP, the link, the new password. */
class PasswordResetIT extends IntegrationTest {

    static final String NEW_PASSWORD = "brand-new-secret-7";

    @Autowired TestData data;
    @Autowired PasswordResetService resets;
    @Autowired SignInService signIn;
    @Autowired UserRepository users;
    @Autowired AuthenticationConfiguration authentication;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;
    @Autowired @Qualifier("runtime") DataSource runtimeDataSource;

    /** A source address of this test's own, so that no other test's requests count towards its limit. */
    private static String freshSource() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private FlowmeterPrincipal signIn(String email, String password) throws Exception {
        return (FlowmeterPrincipal) authentication.getAuthenticationManager()
                .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, password)).getPrincipal();
    }

    @Test
    void theLinkSetsANewPasswordOnceAndTheOldOneStopsWorking() throws Exception {
        Owner owner = data.newTenant("reset");
        String email = owner.user().getEmail();
        assertThat(resets.request(email.toUpperCase(), freshSource())).isEqualTo(Request.ACCEPTED);

        var inbox = new Inbox(SMTP, email);
        var mail = inbox.await(1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Reset your Flowmeter password");
        assertThat(Inbox.text(mail)).contains("http://localhost:8080/reset-password/pwr_").contains("30 minutes");
        String token = inbox.awaitResetToken(1);
        assertThat(resets.describe(token)).isEqualTo(LinkState.VALID);

        // only the token's SHA-256 is stored
        var stored = new JdbcTemplate(ownerDataSource).queryForList("select token_hash from password_resets where user_id = ?",
                String.class, owner.user().getId());
        assertThat(stored).containsExactly(Tokens.sha256(token));

        // a password the policy refuses does not spend the link
        assertThatThrownBy(() -> resets.reset(token, "short")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 10");
        assertThat(resets.describe(token)).isEqualTo(LinkState.VALID);

        resets.reset(token, NEW_PASSWORD);
        assertThat(signIn(email, NEW_PASSWORD).userId()).isEqualTo(owner.user().getId());
        assertThatThrownBy(() -> signIn(email, TestData.PASSWORD)).isInstanceOf(BadCredentialsException.class);

        assertThat(resets.describe(token)).isEqualTo(LinkState.USED);
        assertThatThrownBy(() -> resets.reset(token, "another-secret-8")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already used");
        assertThat(signIn(email, NEW_PASSWORD).userId()).as("the refused second use changed nothing").isEqualTo(owner.user().getId());
    }

    @Test
    void usingALinkRevokesTheAccountsOtherLinksAndEndsItsOtherSessions() throws Exception {
        Owner owner = data.newTenant("reset-sessions");
        String email = owner.user().getEmail();
        FlowmeterPrincipal before = owner.principal();
        assertThat(signIn.refresh(before)).isInstanceOf(SessionCheck.Valid.class);

        String source = freshSource();
        resets.request(email, source);
        resets.request(email, source);
        var inbox = new Inbox(SMTP, email);
        String first = inbox.awaitResetToken(1);
        String second = inbox.awaitResetToken(2);
        assertThat(first).isNotEqualTo(second);

        resets.reset(second, NEW_PASSWORD);
        assertThat(resets.describe(first)).isEqualTo(LinkState.EXPIRED);
        assertThatThrownBy(() -> resets.reset(first, "another-secret-8")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no longer works");

        assertThat(signIn.refresh(before)).isInstanceOfSatisfying(SessionCheck.Ended.class,
                ended -> assertThat(ended.reason()).contains("password was changed"));
        assertThat(signIn.refresh(signIn(email, NEW_PASSWORD))).as("a session signed in with the new password carries on")
                .isInstanceOf(SessionCheck.Valid.class);
    }

    @Test
    void aNewPasswordLiftsTheAddresssSignInLockout() throws Exception {
        Owner owner = data.newTenant("reset-lockout");
        String email = owner.user().getEmail();
        for (int i = 0; i < 5; i++) { // the test profile allows 5 failures
            assertThatThrownBy(() -> signIn(email, "wrong-password-1")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> signIn(email, TestData.PASSWORD)).hasMessageContaining("Too many failed sign-ins")
                .hasMessageContaining("reset your password");

        resets.request(email, freshSource());
        resets.reset(new Inbox(SMTP, email).awaitResetToken(1), NEW_PASSWORD);
        assertThat(signIn(email, NEW_PASSWORD).userId()).isEqualTo(owner.user().getId());
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        Owner owner = data.newTenant("reset-expired");
        resets.request(owner.user().getEmail(), freshSource());
        String token = new Inbox(SMTP, owner.user().getEmail()).awaitResetToken(1);
        new JdbcTemplate(ownerDataSource).update("update password_resets set expires_at = now() - interval '1 second' where user_id = ?",
                owner.user().getId());

        assertThat(resets.describe(token)).isEqualTo(LinkState.EXPIRED);
        assertThatThrownBy(() -> resets.reset(token, NEW_PASSWORD)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("expired");
        assertThat(signIn(owner.user().getEmail(), TestData.PASSWORD).userId()).isEqualTo(owner.user().getId());
    }

    @Test
    void unknownAddressesAndAccountsWithoutAPasswordGetTheSameAnswerAndNoMail() throws Exception {
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        String ssoOnly = "sso-only-" + UUID.randomUUID() + "@example.com";
        TenantContext.runAsPlatform(() -> data.inTransaction(() -> users.save(new User(ssoOnly, "Single Sign-On", null))));
        Owner owner = data.newTenant("reset-known");
        String source = freshSource();

        assertThat(resets.request(unknown, source)).isEqualTo(Request.ACCEPTED);
        assertThat(resets.request(ssoOnly, source)).isEqualTo(Request.ACCEPTED);
        assertThat(resets.request(owner.user().getEmail(), source)).isEqualTo(Request.ACCEPTED);

        // requests are handled in order, so once the known address's mail is in, the others were handled too
        new Inbox(SMTP, owner.user().getEmail()).await(1);
        assertThat(new Inbox(SMTP, unknown).messages()).isEmpty();
        assertThat(new Inbox(SMTP, ssoOnly).messages()).isEmpty();

        assertThat(resets.describe("pwr_" + "x".repeat(43))).isEqualTo(LinkState.UNKNOWN);
        assertThat(resets.describe("garbage")).isEqualTo(LinkState.UNKNOWN);
        assertThatThrownBy(() -> resets.reset("pwr_nothing", NEW_PASSWORD)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> resets.request("not-an-address", source)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("valid email");
    }

    @Test
    void requestsAreLimitedPerAddressAndPerSourceWhetherOrNotAnAccountExists() throws Exception {
        Owner owner = data.newTenant("reset-storm");
        String email = owner.user().getEmail();
        for (int i = 0; i < 3; i++) { // the default: 3 per address per hour
            assertThat(resets.request(email, freshSource())).isEqualTo(Request.ACCEPTED);
        }
        assertThat(resets.request(email, freshSource())).isEqualTo(Request.TOO_MANY_FOR_ADDRESS);
        assertThat(new Inbox(SMTP, email).await(3)).as("the refused fourth request sent nothing").hasSize(3);

        String unknown = "storm-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 3; i++) {
            resets.request(unknown, freshSource());
        }
        assertThat(resets.request(unknown, freshSource())).as("an address without an account is limited alike")
                .isEqualTo(Request.TOO_MANY_FOR_ADDRESS);

        String source = freshSource();
        for (int i = 0; i < 20; i++) { // the default: 20 per source per hour, across addresses
            assertThat(resets.request("spray-" + i + "-" + UUID.randomUUID() + "@example.com", source)).isEqualTo(Request.ACCEPTED);
        }
        assertThat(resets.request("spray-last-" + UUID.randomUUID() + "@example.com", source)).isEqualTo(Request.TOO_MANY_FROM_SOURCE);
    }

    @Test
    void theRuntimeRoleCannotReadOrWriteResetLinks() {
        var runtime = new JdbcTemplate(runtimeDataSource);
        assertThatThrownBy(() -> runtime.queryForObject("select count(*) from password_resets", Long.class))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> runtime.update("delete from password_resets")).rootCause().hasMessageContaining("permission denied");
    }
}
