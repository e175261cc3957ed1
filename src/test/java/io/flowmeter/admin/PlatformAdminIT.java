package io.flowmeter.admin;

import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.engine.service.StepJob;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.trigger.schedule.ScheduleFire;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.StorageProvider;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.domain.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformAdminIT extends IntegrationTest {

    @Autowired PlatformAdminService admin;
    @Autowired AccountService accounts;
    @Autowired TestData data;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;
    @Autowired SecretStore secrets;
    @Autowired StorageProvider jobs;

    @BeforeEach
    void signInAsPlatformAdmin() {
        TestData.signInAs(data.platformAdmin());
    }

    @Test
    void createsTenantsForNewAndExistingOwners() {
        String slug = "made-" + UUID.randomUUID().toString().substring(0, 8);
        var created = admin.create("Made By Admin", slug, new Plan(5, 100, 2, 3), "owner-" + slug + "@example.com");
        assertThat(created.tenant().getSlug()).isEqualTo(slug);
        assertThat(created.tenant().getPlan().maxMembers()).isEqualTo(3);
        assertThat(created.ownerInvite()).hasValueSatisfying(invite -> {
            assertThat(invite.invitation().getRole().name()).isEqualTo("OWNER");
            assertThat(invite.emailed()).isTrue();
        });

        Owner existing = data.newTenant("existing");
        TestData.signInAs(data.platformAdmin());
        String second = "made-" + UUID.randomUUID().toString().substring(0, 8);
        var forExisting = admin.create("Second", second, Plan.FREE, existing.user().getEmail());
        assertThat(forExisting.ownerInvite()).isEmpty();
        var rows = admin.search(second, PageRequest.of(0, 10, Sort.by("name")));
        assertThat(rows.getContent()).singleElement().satisfies(row -> assertThat(row.members()).isEqualTo(1));
    }

    @Test
    void refusesDuplicateAndInvalidSlugsAndBadQuotasWithoutStoringAnything() {
        Owner existing = data.newTenant("dup");
        TestData.signInAs(data.platformAdmin());
        long before = admin.count();
        String takenSlug = existing.principal().tenantName().substring(4);
        assertThatThrownBy(() -> admin.create("Dup", takenSlug, Plan.FREE, "x@example.com"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("slug"));
        assertThatThrownBy(() -> admin.create("Bad", "Not A Slug", Plan.FREE, "x@example.com"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("slug"));
        assertThatThrownBy(() -> admin.create("Bad", "fine-slug-" + UUID.randomUUID().toString().substring(0, 6), Plan.FREE, "not-an-email"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ownerEmail"));
        assertThatThrownBy(() -> admin.changePlan(existing.tenantId(), new Plan(-1, 10, 10, 10)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin.changePlan(existing.tenantId(), new Plan(1, 10, 10, 0)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(admin.count()).isEqualTo(before);
    }

    @Test
    void searchPagesThroughTenants() {
        String marker = "pager" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 7; i++) {
            admin.create("Pager " + marker + " " + i, marker + "-" + i, Plan.FREE, "p" + i + marker + "@example.com");
        }
        var first = admin.search(marker, PageRequest.of(0, 5, Sort.by("slug")));
        var second = admin.search(marker, PageRequest.of(1, 5, Sort.by("slug")));
        assertThat(first.getTotalElements()).isEqualTo(7);
        assertThat(first.getContent()).hasSize(5);
        assertThat(second.getContent()).hasSize(2).extracting(r -> r.tenant().getSlug()).containsExactly(marker + "-5", marker + "-6");
    }

    @Test
    void deleteNeedsTheSlugAndRemovesEverythingTheTenantOwns() {
        Owner doomed = data.newTenant("doomed");
        TestData.signInAs(data.platformAdmin());
        String slug = doomed.principal().tenantName().substring(4);
        assertThatThrownBy(() -> admin.delete(doomed.tenantId(), "wrong"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(slug);
        var owner = new JdbcTemplate(ownerDataSource);
        assertThat(owner.queryForObject("select count(*) from memberships where tenant_id = ?", Integer.class, doomed.tenantId())).isOne();

        admin.delete(doomed.tenantId(), slug);
        assertThat(owner.queryForObject("select count(*) from tenants where id = ?", Integer.class, doomed.tenantId())).isZero();
        assertThat(owner.queryForObject("select count(*) from memberships where tenant_id = ?", Integer.class, doomed.tenantId())).isZero();
        assertThat(accounts.findByEmail(doomed.user().getEmail())).isPresent(); // people keep their accounts
    }

    @Test
    void deletionAlsoRemovesTheSecretsAndJobsTheTenantKeptOutsideItsTables() throws InterruptedException {
        Owner doomed = data.newTenant("purged");
        Owner kept = data.newTenant("kept");
        TestData.signInAs(data.platformAdmin());
        for (Owner owner : List.of(doomed, kept)) {
            secrets.put(owner.tenantId(), "conn-1", Map.of("token", "secret-of-" + owner.tenantId()));
            jobs.save(new Job(new JobDetails(new StepJob(owner.tenantId(), UUID.randomUUID(), UUID.randomUUID(), 1, StepJob.Mode.TIMEOUT)),
                    new ScheduledState(Instant.now().plus(Duration.ofDays(1)))));
            UUID workflow = UUID.randomUUID();
            jobs.saveRecurringJob(new RecurringJob(ScheduleFire.recurringJobId(workflow), new JobDetails(new ScheduleFire(owner.tenantId(), workflow, false)),
                    "0 3 * * *", "UTC", RecurringJob.CreatedBy.API));
        }
        var owner = new JdbcTemplate(ownerDataSource);
        String mentionsDoomed = "%" + doomed.tenantId() + "%";

        admin.delete(doomed.tenantId(), doomed.principal().tenantName().substring(4));

        // owed from the commit on, then purged right after it
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (owner.queryForObject("select count(*) from tenant_purges where tenant_id = ?", Integer.class, doomed.tenantId()) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(owner.queryForObject("select count(*) from tenant_purges where tenant_id = ?", Integer.class, doomed.tenantId())).isZero();
        assertThat(secrets.list(doomed.tenantId())).isEmpty();
        assertThat(owner.queryForObject("select count(*) from secret_data_keys where tenant_id = ?", Integer.class, doomed.tenantId())).isZero();
        assertThat(owner.queryForObject("select count(*) from jobrunr_jobs where jobAsJson like ?", Integer.class, mentionsDoomed)).isZero();
        assertThat(owner.queryForObject("select count(*) from jobrunr_recurring_jobs where jobAsJson like ?", Integer.class, mentionsDoomed)).isZero();

        assertThat(secrets.get(kept.tenantId(), "conn-1")).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "secret-of-" + kept.tenantId()));
        String mentionsKept = "%" + kept.tenantId() + "%";
        assertThat(owner.queryForObject("select count(*) from jobrunr_jobs where jobAsJson like ?", Integer.class, mentionsKept)).isOne();
        assertThat(owner.queryForObject("select count(*) from jobrunr_recurring_jobs where jobAsJson like ?", Integer.class, mentionsKept)).isOne();
        assertThat(owner.queryForObject("select count(*) from audit_events where platform and action = 'platform.tenant_deleted' and object_id = ?",
                Integer.class, doomed.tenantId().toString())).isOne();
    }

    @Test
    void onlyPlatformAdminsMayAdminister() {
        Owner owner = data.newTenant("not-admin");
        TestData.signInAs(owner);
        assertThatThrownBy(() -> admin.search("", PageRequest.of(0, 10))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> admin.suspend(owner.tenantId())).isInstanceOf(AccessDeniedException.class);
    }
}
