package io.flowmeter.export.service;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/** The background job that builds one data export (its job id is the export's id). */
public record BuildExport(UUID tenantId, UUID exportId) implements JobRequest {

    @Override
    public Class<BuildExportHandler> getJobRequestHandler() {
        return BuildExportHandler.class;
    }
}
