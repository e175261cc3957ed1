package io.flowmeter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.service.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.StringWriter;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log end to end against the real database: entries written in the change's transaction (and rolled back
 * with it), who and from where, append-only for the application's roles, tenant-scoped, searched and paged over REST,
 * exported as CSV, expired past the retention, and an organization's own entries gone with it while the platform's stay.
 */
class AuditLogIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired Audit audit;
    @Autowired AuditLog log;
    @Autowired ApiKeyService apiKeys;
    @Autowired TenantService tenants;
    @Autowired TransactionTemplate tx;
    @Autowired DatabaseEndpoint endpoint;
    @Autowired DatabaseProperties database;

    TestData.Owner owner;
    String key;

    @BeforeEach
    void tenant() {
        owner = data.newTenant("audit");
        key = data.apiKeyFor(owner);
    }

    ApiClient api() {
        return new ApiClient(port);
    }

    List<AuditEntry> entries(AuditFilter filter) {
        TestData.signInAs(owner);
        return TenantContext.callAsTenant(owner.tenantId(), () -> log.search(filter, null, 200).items());
    }

    @Test
    void aChangeOverRestIsRecordedWithItsApiKeyAddressAndUserAgent() throws Exception {
        var created = api().call("POST", "/api/v1/workflows", """
                {"name": "Audited", "nodes": [{"id": "t", "type": "trigger.manual"}], "edges": []}""", key);
        assertThat(created.statusCode()).isEqualTo(201);
        String workflowId = api().body(created).get("id").asText();

        JsonNode page = api().body(api().call("GET", "/api/v1/audit?action=workflow.created", null, key));
        JsonNode entry = page.get("items").get(0);
        assertThat(page.get("items")).hasSize(1);
        assertThat(entry.get("action").asText()).isEqualTo("workflow.created");
        assertThat(entry.get("objectType").asText()).isEqualTo("workflow");
        assertThat(entry.get("objectId").asText()).isEqualTo(workflowId);
        assertThat(entry.get("objectName").asText()).isEqualTo("Audited");
        assertThat(entry.get("actor").get("kind").asText()).isEqualTo("API_KEY");
        assertThat(entry.get("actor").get("name").asText()).isEqualTo("test");
        assertThat(entry.get("ip").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(entry.get("userAgent").asText()).contains("Java-http-client");
        // the API key made in setUp was recorded too, by its owner, with no secret in it
        List<AuditEntry> keys = entries(new AuditFilter(null, null, "api_key.created", null, null));
        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.actorName()).isEqualTo(owner.user().getEmail());
            assertThat(k.after()).contains("\"prefix\"").doesNotContain(key.substring(ApiKeyService.PREFIX.length() + 8));
        });
    }

    @Test
    void anEntryCommitsAndRollsBackWithItsChange() {
        TestData.signInAs(owner);
        TenantContext.runAsTenant(owner.tenantId(), () -> {
            assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                apiKeys.create("rolled back");
                throw new IllegalStateException("the change fails after its entry was written");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(apiKeys.list()).noneMatch(k -> k.getName().equals("rolled back"));
        });
        assertThat(entries(new AuditFilter(null, null, "api_key.created", null, null))).extracting(AuditEntry::objectName)
                .containsExactly("test");

        // and a change whose entry cannot be written does not happen: an organization's entry needs its organization
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> audit.record(AuditAction.WORKFLOW_CREATED, null, "orphan")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theApplicationsRolesCannotChangeOrDeleteEntries() throws Exception {
        for (String[] role : new String[][]{{database.appUser(), database.appPassword()}, {database.platformUser(), database.platformPassword()}}) {
            try (var connection = DriverManager.getConnection(endpoint.url(), role[0], role[1]); var sql = connection.createStatement()) {
                for (String statement : List.of("update audit_events set actor_name = 'someone else'", "delete from audit_events",
                        "truncate audit_events")) {
                    assertThatThrownBy(() -> sql.execute(statement)).as(role[0] + ": " + statement).isInstanceOf(SQLException.class)
                            .hasMessageContaining("permission denied");
                }
            }
        }
        try (var connection = DriverManager.getConnection(endpoint.url(), database.appUser(), database.appPassword());
             var sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute("select audit_expire(interval '1 day')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("select audit_forget_tenant('" + owner.tenantId() + "')")).hasMessageContaining("permission denied");
        }
        try (var connection = DriverManager.getConnection(endpoint.url(), database.platformUser(), database.platformPassword());
             var sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute("select audit_expire(interval '29 days')")).hasMessageContaining("at least 30 days");
        }
        assertThat(entries(AuditFilter.ALL)).isNotEmpty();
    }

    @Test
    void anOrganizationSeesOnlyItsOwnEntriesAndNeverThePlatforms() throws Exception {
        TestData.Owner other = data.newTenant("audit-other");
        String otherKey = data.apiKeyFor(other);
        api().call("POST", "/api/v1/workflows", """
                {"name": "Mine", "nodes": [{"id": "t", "type": "trigger.manual"}], "edges": []}""", key);

        JsonNode theirs = api().body(api().call("GET", "/api/v1/audit?limit=200", null, otherKey));
        List<String> names = new ArrayList<>();
        theirs.get("items").forEach(e -> names.add(e.get("objectName").asText()));
        assertThat(names).doesNotContain("Mine");
        theirs.get("items").forEach(e -> assertThat(e.get("action").asText()).doesNotStartWith("platform."));
        // the tenant's creation is a platform entry: platform admins see it, the organization does not
        TestData.signInAs(data.platformAdmin());
        var platform = log.searchPlatform(new AuditFilter(null, null, "platform.tenant_created", null, owner.tenantId().toString()), null, 10);
        assertThat(platform.items()).singleElement().satisfies(e -> assertThat(e.tenantId()).isEqualTo(owner.tenantId()));
        assertThat(entries(new AuditFilter(null, null, "platform.tenant_created", null, null))).isEmpty();
    }

    @Test
    void searchesFilterAndPageByCursorAndRefuseBadInput() throws Exception {
        for (int i = 0; i < 5; i++) {
            api().call("POST", "/api/v1/workflows", "{\"name\": \"Paged " + i + "\", \"nodes\": [{\"id\": \"t\", \"type\": \"trigger.manual\"}], \"edges\": []}", key);
        }
        JsonNode first = api().body(api().call("GET", "/api/v1/audit?action=workflow.created&limit=2", null, key));
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).get("objectName").asText()).isEqualTo("Paged 4"); // newest first
        JsonNode second = api().body(api().call("GET", "/api/v1/audit?action=workflow.created&limit=2&cursor=" + first.get("next").asText(), null, key));
        assertThat(second.get("items").get(0).get("objectName").asText()).isEqualTo("Paged 2");
        JsonNode third = api().body(api().call("GET", "/api/v1/audit?action=workflow.created&limit=2&cursor=" + second.get("next").asText(), null, key));
        assertThat(third.get("items")).hasSize(1);
        assertThat(third.get("next").isNull()).isTrue();

        assertThat(api().body(api().call("GET", "/api/v1/audit?object=paged%203", null, key)).get("items")).hasSize(1);
        assertThat(api().body(api().call("GET", "/api/v1/audit?actor=TES", null, key)).get("items").size()).isGreaterThanOrEqualTo(5);
        assertThat(api().body(api().call("GET", "/api/v1/audit?actor=nobody%25", null, key)).get("items")).isEmpty();
        assertThat(api().body(api().call("GET", "/api/v1/audit?from=2000-01-01&to=2000-01-02", null, key)).get("items")).isEmpty();

        for (String bad : List.of("cursor=not-a-cursor", "action=nothing.like.this", "limit=0", "limit=201", "from=yesterday",
                "from=2026-12-02&to=2026-12-01")) {
            var refused = api().call("GET", "/api/v1/audit?" + bad, null, key);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        }
        assertThat(api().call("GET", "/api/v1/audit", null, "fmk_not-a-key").statusCode()).isEqualTo(401);
    }

    @Test
    void theCsvExportHasEveryMatchingEntryAndIsRecordedItself() {
        TestData.signInAs(owner);
        var out = new StringWriter();
        int rows = TenantContext.callAsTenant(owner.tenantId(), () -> log.exportCsv(AuditFilter.ALL, out, 10_000));
        String csv = out.toString();
        assertThat(csv).startsWith("at,actor_kind,actor,ip,user_agent,action,description,object_type,object_id,object_name,before,after");
        assertThat(csv.lines().count()).isGreaterThanOrEqualTo(rows + 1L);
        assertThat(csv).contains("api_key.created").contains("Created an API key");
        assertThat(entries(new AuditFilter(null, null, "audit.exported", null, null))).singleElement()
                .satisfies(e -> assertThat(e.after()).contains("\"rows\": " + rows));
    }

    @Test
    void entriesPastTheRetentionExpireAndADeletedOrganizationsOwnEntriesGoWithIt() throws Exception {
        TestData.signInAs(data.platformAdmin());
        var doomed = tenants.create("Doomed " + UUID.randomUUID().toString().substring(0, 6), "doomed-" + UUID.randomUUID().toString().substring(0, 8),
                Plan.FREE, created -> audit.record(AuditAction.WORKFLOW_CREATED, UUID.randomUUID(), "a workflow of the doomed"));
        try (var connection = DriverManager.getConnection(endpoint.url(), database.user(), database.password());
             var sql = connection.createStatement()) {
            sql.execute("insert into audit_events (id, tenant_id, at, actor_kind, actor_name, action, object_type, object_name) values ('"
                    + UUID.randomUUID() + "', '" + owner.tenantId() + "', now() - interval '400 days', 'SYSTEM', 'Flowmeter', 'workflow.created', "
                    + "'workflow', 'ancient')");
        }
        assertThat(entries(new AuditFilter(null, null, null, null, "ancient"))).hasSize(1);
        try (var connection = DriverManager.getConnection(endpoint.url(), database.platformUser(), database.platformPassword());
             var sql = connection.createStatement(); var result = sql.executeQuery("select audit_expire(interval '365 days')")) {
            result.next();
            assertThat(result.getLong(1)).isGreaterThanOrEqualTo(1);
        }
        assertThat(entries(new AuditFilter(null, null, null, null, "ancient"))).isEmpty();
        assertThat(entries(AuditFilter.ALL)).isNotEmpty();

        TestData.signInAs(data.platformAdmin());
        tenants.delete(doomed.getId(), doomed.getSlug());
        var platform = log.searchPlatform(new AuditFilter(null, null, null, null, doomed.getId().toString()), null, 10).items();
        assertThat(platform).extracting(AuditEntry::action).containsExactly("platform.tenant_deleted", "platform.tenant_created");
        assertThat(platform.get(0).before()).contains(doomed.getSlug());
        try (var connection = DriverManager.getConnection(endpoint.url(), database.user(), database.password());
             var sql = connection.createStatement();
             var left = sql.executeQuery("select count(*) from audit_events where tenant_id = '" + doomed.getId() + "' and not platform")) {
            left.next();
            assertThat(left.getLong(1)).as("the organization's own entries").isZero();
        }
    }
}
