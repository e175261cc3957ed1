package io.flowmeter.export.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.TenantExportSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds one export: every module's section, in order, into a zip in a temporary file, all read in one read-only
 * snapshot (repeatable read) so the files agree with each other; then stores the zip in 1 MiB chunks and marks the
 * export ready, in one transaction. Progress is written as it goes, each step in a short transaction of its own.
 */
@Component
class ExportBuilder {

    static final String FORMAT = "flowmeter-export/1";
    private static final Logger log = LoggerFactory.getLogger(ExportBuilder.class);
    private static final int CHUNK = 1 << 20;
    private static final int MAX_ERROR = 500;

    private final List<TenantExportSection> sections;
    private final ExportStore store;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate writes;
    private final TransactionTemplate snapshot;

    ExportBuilder(List<TenantExportSection> sections, ExportStore store, JdbcTemplate jdbc, ObjectMapper json,
                  PlatformTransactionManager transactions) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(TenantExportSection::order)).toList();
        this.store = store;
        this.jdbc = jdbc;
        this.json = json;
        this.writes = new TransactionTemplate(transactions);
        this.writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** The titles of the steps a build goes through, in order (the last stores the archive). */
    List<String> steps() {
        var steps = new java.util.ArrayList<>(sections.stream().map(TenantExportSection::title).toList());
        steps.add("Storing the archive");
        return steps;
    }

    /** Builds the export unless it is no longer waiting (built, failed or expired meanwhile). */
    void build(UUID tenantId, UUID exportId) {
        TenantContext.runAsTenant(tenantId, () -> {
            int total = sections.size() + 1;
            if (!Boolean.TRUE.equals(writes.execute(status -> store.claim(tenantId, exportId, total)))) {
                return;
            }
            Path file = null;
            try {
                file = Files.createTempFile("flowmeter-export-", ".zip");
                writeArchive(tenantId, exportId, file);
                progress(tenantId, exportId, total - 1, "Storing the archive");
                storeArchive(tenantId, exportId, file);
                log.info("Data export {} of organization {} is ready ({} bytes)", exportId, tenantId, Files.size(file));
            } catch (IOException | RuntimeException e) {
                log.warn("Data export {} of organization {} failed", exportId, tenantId, e);
                String reason = "The export could not be built: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                writes.executeWithoutResult(status -> store.failed(tenantId, exportId,
                        reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason));
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        log.warn("Could not delete the temporary export file {}", file, e);
                    }
                }
            }
        });
    }

    private void writeArchive(UUID tenantId, UUID exportId, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            snapshot.executeWithoutResult(status -> {
                ZipArchive archive = new ZipArchive(tenantId, out, jdbc, json);
                for (int i = 0; i < sections.size(); i++) {
                    TenantExportSection section = sections.get(i);
                    progress(tenantId, exportId, i, section.title());
                    section.write(archive);
                }
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.put("organizationId", tenantId);
                manifest.put("exportId", exportId);
                manifest.put("generatedAt", Instant.now().toString());
                manifest.put("files", archive.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(entry -> Map.of("name", entry.getKey(), "rows", entry.getValue())).toList());
                manifest.put("excluded", "secrets and credentials, password and API key hashes, invitation tokens, run inputs, "
                        + "outputs and step data");
                archive.value("manifest.json", manifest);
                archive.finish();
            });
        }
    }

    private void storeArchive(UUID tenantId, UUID exportId, Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = Files.size(file);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            writes.executeWithoutResult(status -> {
                try {
                    int seq = 0;
                    byte[] chunk;
                    while ((chunk = in.readNBytes(CHUNK)).length > 0) {
                        store.chunk(tenantId, exportId, seq++, chunk);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!store.ready(tenantId, exportId, size, HexFormat.of().formatHex(sha256.digest()))) {
                    status.setRollbackOnly(); // taken back meanwhile (expired, failed elsewhere): keep nothing
                }
            });
        }
    }

    private void progress(UUID tenantId, UUID exportId, int done, String step) {
        writes.executeWithoutResult(status -> store.progress(tenantId, exportId, done, step));
    }
}
