package io.flowmeter.export.service;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One data export as its organization's admins see it.
 *
 * @param step       what is being written now (while RUNNING)
 * @param stepsDone  sections written so far, of {@code stepsTotal}
 * @param expiresAt  when a READY export is removed unread
 */
public record TenantExport(UUID id, Status status, @Nullable String requestedBy, Instant requestedAt, @Nullable String step,
                           int stepsDone, int stepsTotal, @Nullable Instant finishedAt, @Nullable Long sizeBytes,
                           @Nullable String sha256, @Nullable String error, @Nullable Instant downloadedAt,
                           @Nullable String downloadedBy, @Nullable Instant expiresAt) {

    public enum Status { PENDING, RUNNING, READY, FAILED, DOWNLOADED, EXPIRED }

    /** Whether it is still being built. */
    public boolean inProgress() {
        return status == Status.PENDING || status == Status.RUNNING;
    }

    /** Progress from 0 to 1. */
    public double progress() {
        return switch (status) {
            case READY, DOWNLOADED -> 1;
            case PENDING, FAILED, EXPIRED -> 0;
            case RUNNING -> stepsTotal == 0 ? 0 : Math.min(1, (double) stepsDone / stepsTotal);
        };
    }

    public String fileName(String slug) {
        return "flowmeter-export-" + slug + "-" + requestedAt.toString().substring(0, 10) + ".zip";
    }
}
