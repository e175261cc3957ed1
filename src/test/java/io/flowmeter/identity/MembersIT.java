package io.flowmeter.identity;

import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.identity.service.MemberService.InviteDetails.State;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembersIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired MemberService members;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;

    Owner owner;

    @BeforeEach
    void tenant() {
        owner = data.newTenant("members");
        TestData.signInAs(owner);
    }

    private <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAsTenant(owner.tenantId(), work);
    }

    @Test
    void inviteIsEmailedAndTheLinkCreatesAMemberOnce() throws Exception {
        String email = "invitee-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var invite = inTenant(() -> members.invite(email, Role.BUILDER));
        assertThat(invite.emailed()).isTrue();
        assertThat(invite.link()).startsWith("http://localhost:8080/invite/inv_");
        MimeMessage mail = Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> uncheckedRecipient(m).equals(email)).findFirst().orElseThrow();
        assertThat(mail.getSubject()).contains("invited you to").contains(owner.principal().tenantName());
        assertThat(((String) mail.getContent())).contains(invite.link());

        String token = invite.link().substring(invite.link().lastIndexOf('/') + 1);
        var details = members.describeInvite(token);
        assertThat(details.state()).isEqualTo(State.VALID);
        assertThat(details.accountExists()).isFalse();

        assertThatThrownBy(() -> members.acceptAsNewUser(token, "New Person", "weak"))
                .isInstanceOf(InvalidInputException.class);
        var user = members.acceptAsNewUser(token, "New Person", "correct-horse-42");
        assertThat(inTenant(() -> members.members())).extracting(MemberView::email).contains(user.getEmail());
        assertThat(members.describeInvite(token).state()).isEqualTo(State.USED);
        assertThatThrownBy(() -> members.acceptAsNewUser(token, "Again", "correct-horse-42"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already used");
    }

    @Test
    void existingAccountsJoinWithTheirPassword() {
        Owner other = data.newTenant("other");
        var invite = inTenant(() -> members.invite(other.user().getEmail(), Role.VIEWER));
        String token = invite.link().substring(invite.link().lastIndexOf('/') + 1);
        assertThat(members.describeInvite(token).accountExists()).isTrue();
        assertThatThrownBy(() -> members.acceptAsExistingUser(token, "not-my-password-1"))
                .isInstanceOf(InvalidInputException.class);
        members.acceptAsExistingUser(token, TestData.PASSWORD);
        assertThat(inTenant(() -> members.members())).extracting(MemberView::email).contains(other.user().getEmail());
        assertThat(new JdbcTemplate(ownerDataSource).queryForObject("select last_tenant_id from users where id = ?", UUID.class,
                other.user().getId())).as("their next sign-in opens the tenant they just joined").isEqualTo(owner.tenantId());
    }

    @Test
    void expiredUnknownAndWithdrawnLinksAreRefused() {
        var invite = inTenant(() -> members.invite("late-" + UUID.randomUUID() + "@example.com", Role.VIEWER));
        String token = invite.link().substring(invite.link().lastIndexOf('/') + 1);
        new JdbcTemplate(ownerDataSource).update("update invitations set expires_at = now() - interval '1 minute' where id = ?",
                invite.invitation().getId());
        assertThat(members.describeInvite(token).state()).isEqualTo(State.EXPIRED);
        assertThatThrownBy(() -> members.acceptAsNewUser(token, "Late", "correct-horse-42"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("expired");

        assertThat(members.describeInvite("inv_doesnotexist").state()).isEqualTo(State.UNKNOWN);
        assertThat(members.describeInvite("garbage").state()).isEqualTo(State.UNKNOWN);
        assertThatThrownBy(() -> members.acceptAsNewUser("inv_doesnotexist", "X", "correct-horse-42"))
                .isInstanceOf(NotFoundException.class);

        var withdrawn = inTenant(() -> members.invite("withdrawn-" + UUID.randomUUID() + "@example.com", Role.VIEWER));
        inTenant(() -> {
            members.revokeInvitation(withdrawn.invitation().getId());
            return null;
        });
        String withdrawnToken = withdrawn.link().substring(withdrawn.link().lastIndexOf('/') + 1);
        assertThat(members.describeInvite(withdrawnToken).state()).isEqualTo(State.EXPIRED);
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemoted() {
        MemberView me = inTenant(() -> members.members()).get(0);
        assertThatThrownBy(() -> inTenant(() -> {
            members.remove(me.membershipId());
            return null;
        })).isInstanceOf(ConflictException.class).hasMessageContaining("last owner");
        assertThatThrownBy(() -> inTenant(() -> {
            members.changeRole(me.membershipId(), Role.ADMIN);
            return null;
        })).isInstanceOf(ConflictException.class);
        assertThat(inTenant(() -> members.members())).singleElement().extracting(MemberView::role).isEqualTo(Role.OWNER);
    }

    @Test
    void rolesChangeAndAdminsCannotTouchOwners() {
        Owner second = data.newTenant("second");
        var invite = inTenant(() -> members.invite(second.user().getEmail(), Role.ADMIN));
        members.acceptAsExistingUser(invite.link().substring(invite.link().lastIndexOf('/') + 1), TestData.PASSWORD);
        MemberView secondMember = inTenant(() -> members.members()).stream()
                .filter(m -> m.email().equals(second.user().getEmail())).findFirst().orElseThrow();
        MemberView me = inTenant(() -> members.members()).stream()
                .filter(m -> m.email().equals(owner.user().getEmail())).findFirst().orElseThrow();

        // the second person, now an ADMIN of this tenant, may not change or remove the owner nor grant OWNER
        TestData.signInAs(data.signInTo(second, owner.tenantId()));
        assertThatThrownBy(() -> inTenant(() -> {
            members.remove(me.membershipId());
            return null;
        })).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> inTenant(() -> members.invite("boss-" + UUID.randomUUID() + "@example.com", Role.OWNER)))
                .isInstanceOf(AccessDeniedException.class);

        TestData.signInAs(owner);
        inTenant(() -> {
            members.changeRole(secondMember.membershipId(), Role.VIEWER);
            return null;
        });
        assertThat(inTenant(() -> members.members())).filteredOn(m -> m.membershipId().equals(secondMember.membershipId()))
                .singleElement().extracting(MemberView::role).isEqualTo(Role.VIEWER);
        inTenant(() -> {
            members.remove(secondMember.membershipId());
            return null;
        });
        assertThat(inTenant(() -> members.members())).hasSize(1);
    }

    @Test
    void inviteRefusesMembersBadAddressesAndFullPlans() {
        assertThatThrownBy(() -> inTenant(() -> members.invite(owner.user().getEmail(), Role.VIEWER)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already a member");
        assertThatThrownBy(() -> inTenant(() -> members.invite("nope", Role.VIEWER)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("valid email");
        for (int i = 0; i < 9; i++) { // the free plan has 10 seats, the owner holds one
            String email = "seat" + i + "-" + UUID.randomUUID() + "@example.com";
            inTenant(() -> members.invite(email, Role.VIEWER));
        }
        assertThatThrownBy(() -> inTenant(() -> members.invite("one-too-many@example.com", Role.VIEWER)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("plan allows 10");
    }

    @Test
    void viewersCannotManageMembers() {
        Owner viewer = data.newTenant("viewer");
        var invite = inTenant(() -> members.invite(viewer.user().getEmail(), Role.VIEWER));
        members.acceptAsExistingUser(invite.link().substring(invite.link().lastIndexOf('/') + 1), TestData.PASSWORD);
        TestData.signInAs(data.signInTo(viewer, owner.tenantId()));
        assertThatThrownBy(() -> inTenant(() -> members.members())).isInstanceOf(AccessDeniedException.class);
    }

    private static String uncheckedRecipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
