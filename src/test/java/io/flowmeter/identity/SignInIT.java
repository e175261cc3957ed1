package io.flowmeter.identity;

import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.security.SignInRefusedException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sign-in through the real authentication manager the login form uses. */
class SignInIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired PlatformAdminService admin;
    @Autowired AuthenticationConfiguration authenticationConfiguration;

    private FlowmeterPrincipal signIn(String email, String password) throws Exception {
        AuthenticationManager manager = authenticationConfiguration.getAuthenticationManager();
        return (FlowmeterPrincipal) manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, password)).getPrincipal();
    }

    @Test
    void signsInToTheTenantWithTheRoleAndRefusesWrongPasswordsAndUnknownEmailsAlike() throws Exception {
        var owner = data.newTenant("signin");
        FlowmeterPrincipal principal = signIn(owner.user().getEmail(), TestData.PASSWORD);
        assertThat(principal.tenantId()).isEqualTo(owner.tenantId());

        String wrongPassword = messageOf(() -> signIn(owner.user().getEmail(), "wrong-password-1"));
        String unknownEmail = messageOf(() -> signIn("nobody-" + owner.tenantId() + "@example.com", "wrong-password-1"));
        assertThat(wrongPassword).isEqualTo(unknownEmail).isEqualTo("Incorrect email or password");
    }

    @Test
    void locksAnAddressAfterTooManyFailuresEvenForTheRightPassword() throws Exception {
        var owner = data.newTenant("lockout");
        for (int i = 0; i < 5; i++) { // the test profile allows 5 failures
            assertThatThrownBy(() -> signIn(owner.user().getEmail(), "wrong-password-1")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> signIn(owner.user().getEmail(), TestData.PASSWORD))
                .isInstanceOfSatisfying(SignInRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignInRefusedException.Reason.LOCKED);
                    assertThat(e.getMessage()).contains("Too many failed sign-ins");
                });
        // unknown addresses lock the same way, so a lockout reveals nothing
        String ghost = "ghost-" + owner.tenantId() + "@example.com";
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> signIn(ghost, "wrong-password-1")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> signIn(ghost, "wrong-password-1")).isInstanceOf(SignInRefusedException.class);
    }

    @Test
    void membersOfASuspendedTenantAreRefusedWithAClearMessageAndDataIsKept() throws Exception {
        var owner = data.newTenant("suspended");
        TestData.signInAs(data.platformAdmin());
        admin.suspend(owner.tenantId());
        assertThatThrownBy(() -> signIn(owner.user().getEmail(), TestData.PASSWORD))
                .isInstanceOfSatisfying(SignInRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignInRefusedException.Reason.SUSPENDED);
                    assertThat(e.getMessage()).contains("suspended");
                });
        admin.reactivate(owner.tenantId());
        assertThat(signIn(owner.user().getEmail(), TestData.PASSWORD).tenantId()).isEqualTo(owner.tenantId());
    }

    @Test
    void platformAdminsWithoutATenantCanSignIn() throws Exception {
        FlowmeterPrincipal admin = signIn("admin@flowmeter.local", "platform-flowmeter-1");
        assertThat(admin.platformAdmin()).isTrue();
        assertThat(admin.hasTenant()).isFalse();
    }

    private static String messageOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }
}
