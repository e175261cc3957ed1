package io.flowmeter.export.service;

import io.flowmeter.engine.service.JobDispatcher;
import io.flowmeter.identity.security.ApiKeyPrincipal;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.GoneException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.storage.StorageProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The current organization's data exports, for its admins and owners (and its API keys): ask for one (built in the
 * background, one at a time), follow its progress, download it once.
 */
@Service
public class ExportService {

    private static final int RECENT = 20;

    private final ExportStore store;
    private final ExportBuilder builder;
    private final StorageProvider jobs;
    private final JobDispatcher dispatcher;
    private final TenantService tenants;
    private final Audit audit;
    private final TransactionTemplate tx;
    private final ExportProperties properties;

    ExportService(ExportStore store, ExportBuilder builder, StorageProvider jobs, JobDispatcher dispatcher, TenantService tenants,
                  Audit audit, TransactionTemplate tx, ExportProperties properties) {
        this.store = store;
        this.builder = builder;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.tenants = tenants;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
    }

    /** What a download is, told to whoever writes it before the first byte. */
    public record Download(String fileName, long sizeBytes, String sha256) {
    }

    /** Asks for a new export of everything the organization holds; refused while one is being built. */
    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public TenantExport request() {
        UUID tenantId = TenantContext.requireTenant();
        UUID id = UUID.randomUUID();
        Requester requester = requester();
        TenantExport created = tx.execute(status -> {
            // one at a time per organization: the lock serializes two admins asking at once
            store.lockTenant(tenantId);
            if (store.building(tenantId)) {
                throw new ConflictException("An export is already being built; download it when it is ready, or wait for it to finish");
            }
            store.insert(id, tenantId, requester.userId(), requester.name());
            audit.record(AuditAction.DATA_EXPORT_REQUESTED, id, "Data export");
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enqueue(tenantId, id);
                }
            });
            return store.find(tenantId, id, properties.keep()).orElseThrow();
        });
        return java.util.Objects.requireNonNull(created);
    }

    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public List<TenantExport> recent() {
        UUID tenantId = TenantContext.requireTenant();
        return tx.execute(status -> store.recent(tenantId, RECENT, properties.keep()));
    }

    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public TenantExport find(UUID id) {
        UUID tenantId = TenantContext.requireTenant();
        return tx.execute(status -> store.find(tenantId, id, properties.keep()))
                .orElseThrow(() -> new NotFoundException("No such export"));
    }

    /** The steps a build goes through, for showing progress. */
    public List<String> steps() {
        return builder.steps();
    }

    /**
     * Writes the export's zip to the stream {@code open} gives once it knows the file's name and size, then forgets
     * the file: an export is downloaded once. Nothing is forgotten when writing fails (the client went away).
     */
    @PreAuthorize("hasAnyRole('ADMIN','API')")
    public void download(UUID id, java.util.function.Function<Download, OutputStream> open) {
        UUID tenantId = TenantContext.requireTenant();
        String by = requester().name();
        String slug = tenants.current().getSlug();
        tx.executeWithoutResult(status -> {
            TenantExport.Status state = store.lockForDownload(tenantId, id).orElseThrow(() -> new NotFoundException("No such export"));
            switch (state) {
                case PENDING, RUNNING -> throw new ConflictException("The export is still being built");
                case FAILED -> throw new GoneException("The export failed; ask for a new one");
                case DOWNLOADED -> throw new GoneException("The export was already downloaded (an export is downloadable once); ask for a new one");
                case EXPIRED -> throw new GoneException("The export was not downloaded in time and was removed; ask for a new one");
                case READY -> {
                }
            }
            TenantExport export = store.find(tenantId, id, properties.keep()).orElseThrow();
            OutputStream out = open.apply(new Download(export.fileName(slug), export.sizeBytes() == null ? 0 : export.sizeBytes(),
                    export.sha256() == null ? "" : export.sha256()));
            try {
                int chunks = store.chunks(tenantId, id);
                for (int seq = 0; seq < chunks; seq++) {
                    out.write(store.chunkData(tenantId, id, seq));
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("The download was interrupted; it can be tried again", e);
            }
            store.downloaded(tenantId, id, by);
            audit.record(AuditAction.DATA_EXPORT_DOWNLOADED, id, "Data export", null,
                    Map.of("sizeBytes", export.sizeBytes() == null ? 0 : export.sizeBytes(), "sha256", String.valueOf(export.sha256())));
        });
    }

    void enqueue(UUID tenantId, UUID exportId) {
        jobs.save(new Job(exportId, new JobDetails(new BuildExport(tenantId, exportId)), new EnqueuedState()));
        dispatcher.wake();
    }

    private record Requester(@Nullable UUID userId, String name) {
    }

    private static Requester requester() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof FlowmeterPrincipal person) {
            return new Requester(person.userId(), person.email());
        }
        if (principal instanceof ApiKeyPrincipal key) {
            return new Requester(null, "API key " + key.keyName());
        }
        return new Requester(null, "Flowmeter");
    }
}
