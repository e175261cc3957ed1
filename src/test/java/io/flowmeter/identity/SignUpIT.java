package io.flowmeter.identity;

import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.SignUpForm;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.TenantRepository;
import io.flowmeter.identity.domain.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignUpIT extends IntegrationTest {

    @Autowired AccountService accounts;
    @Autowired TestData data;
    @Autowired TenantRepository tenants;
    @Autowired UserRepository users;
    @Autowired TransactionTemplate tx;

    @Test
    void createsTenantOwnerAndMembershipTogether() {
        String unique = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        var user = accounts.signUp(new SignUpForm("Fresh Owner", unique + "@Example.com", "correct-horse-42", "Fresh Org", unique));
        assertThat(user.getEmail()).isEqualTo(unique + "@example.com");
        var owner = data.newTenant("check");
        assertThat(owner.principal().role()).hasToString("OWNER");
        assertThat(owner.principal().tenantName()).startsWith("Org check-");
    }

    @Test
    void refusesBadInputFieldByFieldAndStoresNothing() {
        var existing = data.newTenant("taken");
        long tenantsBefore = countTenants();
        long usersBefore = tx.execute(status -> users.count());
        String fresh = "new-" + UUID.randomUUID().toString().substring(0, 8);

        expectField(new SignUpForm("X", existing.user().getEmail().toUpperCase(), "correct-horse-42", "Org", fresh), "email", "already exists");
        expectField(new SignUpForm("X", fresh + "@example.com", "correct-horse-42", "Org", existing.principal().tenantName().substring(4)), "slug", "already taken");
        expectField(new SignUpForm("X", fresh + "@example.com", "correct-horse-42", "Org", "Bad Slug!"), "slug", "lowercase");
        expectField(new SignUpForm("X", fresh + "@example.com", "short", "Org", fresh), "password", "at least 10");
        expectField(new SignUpForm("X", "not-an-email", "correct-horse-42", "Org", fresh), "email", "valid email");
        expectField(new SignUpForm(" ", fresh + "@example.com", "correct-horse-42", "Org", fresh), "displayName", "name");
        expectField(new SignUpForm("X", fresh + "@example.com", "correct-horse-42", "", fresh), "name", "name");

        assertThat(countTenants()).isEqualTo(tenantsBefore);
        long usersAfter = tx.execute(status -> users.count());
        assertThat(usersAfter).isEqualTo(usersBefore);
        assertThat(accounts.emailTaken(fresh + "@example.com")).isFalse();
    }

    private void expectField(SignUpForm form, String field, String message) {
        assertThatThrownBy(() -> accounts.signUp(form))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).containsIgnoringCase(message);
                });
    }

    private long countTenants() {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.count()));
    }
}
