package io.flowmeter.export.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An organization's data export end to end: asked for over REST, built by a real JobRunr job into chunks in
 * PostgreSQL, followed, downloaded once as a zip holding every module's files and no secret; refused while one is
 * being built, invisible to other organizations, for admins only; unread ones expire and lost ones are built.
 */
class ExportIT extends IntegrationTest {

    static final String SECRET = "sk-live-export-0123456789abcdef";

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired ConnectionService connections;
    @Autowired ExportService exports;
    @Autowired ExportSweep sweep;
    @Autowired ObjectMapper json;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;

    TestData.Owner owner;
    String key;
    ApiClient api;
    JdbcTemplate db;

    @BeforeEach
    void tenant() {
        owner = data.newTenant("export");
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
        db = new JdbcTemplate(ownerDataSource);
    }

    @Test
    void anExportHoldsEveryModulesFilesNoSecretAndIsDownloadedOnce() throws Exception {
        TestData.signInAs(owner);
        TenantContext.runAsTenant(owner.tenantId(), () -> connections.create("http", "Billing API", AuthKind.BEARER, Map.of("token", SECRET)));
        JsonNode run = api.runOnce("""
                {"name": "Exported flow", "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "start", "to": "n"}]}""", key);
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        String runId = run.at("/run/id").asText();

        var asked = api.call("POST", "/api/v1/exports", null, key);
        assertThat(asked.statusCode()).isEqualTo(202);
        String id = api.body(asked).get("id").asText();
        assertThat(asked.headers().firstValue("Location")).hasValue("/api/v1/exports/" + id);
        JsonNode ready = awaitReady(id);
        assertThat(ready.get("stepsDone").asInt()).isEqualTo(ready.get("stepsTotal").asInt()).isEqualTo(exports.steps().size());
        assertThat(ready.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(ready.get("download").asText()).isEqualTo("/api/v1/exports/" + id + "/download");
        assertThat(ready.get("expiresAt").isNull()).isFalse();

        HttpResponse<byte[]> zip = api.callBytes("GET", "/api/v1/exports/" + id + "/download", key);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(".zip");
        assertThat(zip.body()).hasSize(ready.get("sizeBytes").asInt());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(zip.body());
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(ready.get("sha256").asText());
        assertThat(zip.headers().firstValue("Repr-Digest")).hasValue("sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":");

        Map<String, String> files = unzip(zip.body());
        assertThat(files).containsOnlyKeys("organization.json", "members.csv", "invitations.csv", "api-keys.csv", "connections.csv",
                "workflows.json", "runs.csv", "roi-settings.json", "roi-assumptions.csv", "roi-facts.csv", "roi-restatements.csv",
                "audit-log.csv", "manifest.json");
        files.forEach((name, text) -> assertThat(text).as(name).doesNotContain(SECRET).doesNotContain("$2a$").doesNotContain("$2b$"));
        assertThat(json.readTree(files.get("organization.json")).get("id").asText()).isEqualTo(owner.tenantId().toString());
        assertThat(files.get("members.csv")).startsWith("email,display_name,role,joined_at").contains(owner.user().getEmail()).contains("OWNER");
        assertThat(files.get("api-keys.csv").lines()).hasSize(2); // header and the key
        assertThat(files.get("connections.csv")).contains("Billing API").contains("BEARER");
        JsonNode workflows = json.readTree(files.get("workflows.json"));
        assertThat(workflows).hasSize(1);
        assertThat(workflows.get(0).get("name").asText()).isEqualTo("Exported flow");
        assertThat(workflows.get(0).get("versions")).hasSize(1);
        assertThat(workflows.get(0).get("versions").get(0).get("definition").get("nodes")).hasSize(2);
        assertThat(files.get("runs.csv").lines()).hasSize(2);
        assertThat(files.get("runs.csv")).contains(runId).contains("SUCCEEDED").contains("Exported flow");
        assertThat(files.get("roi-facts.csv")).contains(runId);
        assertThat(files.get("audit-log.csv")).contains("workflow.published").contains("tenant.export_requested");
        JsonNode manifest = json.readTree(files.get("manifest.json"));
        assertThat(manifest.get("format").asText()).isEqualTo(ExportBuilder.FORMAT);
        assertThat(manifest.get("files")).hasSize(12);
        manifest.get("files").forEach(file -> {
            if (file.get("name").asText().equals("runs.csv")) {
                assertThat(file.get("rows").asInt()).isOne();
            }
        });

        // once: the file is gone with the download
        var again = api.call("GET", "/api/v1/exports/" + id + "/download", null, key);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(api.body(again).get("detail").asText()).contains("already downloaded");
        assertThat(db.queryForObject("select count(*) from tenant_export_chunks where export_id = ?::uuid", Integer.class, id)).isZero();
        JsonNode listed = api.body(api.call("GET", "/api/v1/exports", null, key)).get("items").get(0);
        assertThat(listed.get("status").asText()).isEqualTo("DOWNLOADED");
        assertThat(listed.get("download").isNull()).isTrue();
        assertThat(db.queryForList("select action from audit_events where tenant_id = ? and object_id = ? order by at", String.class,
                owner.tenantId(), id)).containsExactly("tenant.export_requested", "tenant.export_downloaded");
    }

    @Test
    void oneAtATimeAdminsOnlyAndInvisibleToOtherOrganizations() throws Exception {
        // a build in progress (as if a job were running it) refuses a second
        UUID building = UUID.randomUUID();
        db.update("insert into tenant_exports (id, tenant_id, status, requested_name) values (?, ?, 'RUNNING', 'someone')", building,
                owner.tenantId());
        var refused = api.call("POST", "/api/v1/exports", null, key);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(api.body(refused).get("detail").asText()).contains("already being built");
        var early = api.call("GET", "/api/v1/exports/" + building + "/download", null, key);
        assertThat(early.statusCode()).isEqualTo(409);
        db.update("update tenant_exports set status = 'FAILED' where id = ?", building);

        String id = api.body(api.call("POST", "/api/v1/exports", null, key)).get("id").asText();
        awaitReady(id);
        TestData.Owner other = data.newTenant("export-other");
        String otherKey = data.apiKeyFor(other);
        assertThat(api.call("GET", "/api/v1/exports/" + id, null, otherKey).statusCode()).isEqualTo(404);
        assertThat(api.call("GET", "/api/v1/exports/" + id + "/download", null, otherKey).statusCode()).isEqualTo(404);
        assertThat(api.body(api.call("GET", "/api/v1/exports", null, otherKey)).get("items")).isEmpty();
        var wrongId = api.call("GET", "/api/v1/exports/not-an-id/download", null, key);
        assertThat(wrongId.statusCode()).isEqualTo(400);
        assertThat(wrongId.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        TestData.signInAs(TestData.withRole(owner, Role.BUILDER));
        TenantContext.runAsTenant(owner.tenantId(), () -> {
            assertThatThrownBy(() -> exports.request()).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exports.recent()).isInstanceOf(AccessDeniedException.class);
        });
        // the other organization's file was never touched: still downloadable once by its own
        assertThat(api.callBytes("GET", "/api/v1/exports/" + id + "/download", key).statusCode()).isEqualTo(200);
    }

    @Test
    void unreadExportsExpireAndAnExportWhoseJobWasLostIsBuilt() throws Exception {
        String id = api.body(api.call("POST", "/api/v1/exports", null, key)).get("id").asText();
        awaitReady(id);
        db.update("update tenant_exports set finished_at = now() - interval '8 days' where id = ?::uuid", id);
        sweep.runOnce();
        assertThat(api.body(api.call("GET", "/api/v1/exports/" + id, null, key)).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(db.queryForObject("select count(*) from tenant_export_chunks where export_id = ?::uuid", Integer.class, id)).isZero();
        var gone = api.call("GET", "/api/v1/exports/" + id + "/download", null, key);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(api.body(gone).get("detail").asText()).contains("not downloaded in time");

        UUID lost = UUID.randomUUID(); // committed, but the node died before its job was saved
        db.update("insert into tenant_exports (id, tenant_id, status, requested_name, requested_at) values (?, ?, 'PENDING', 'x', now() - interval '2 minutes')",
                lost, owner.tenantId());
        sweep.runOnce();
        awaitReady(lost.toString());
    }

    JsonNode awaitReady(String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode export = api.body(api.call("GET", "/api/v1/exports/" + id, null, key));
            String status = export.get("status").asText();
            if (status.equals("READY")) {
                return export;
            }
            assertThat(status).as("export %s: %s", id, export).isIn("PENDING", "RUNNING");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Export not ready in time: " + export);
            }
            Thread.sleep(100);
        }
    }

    static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
