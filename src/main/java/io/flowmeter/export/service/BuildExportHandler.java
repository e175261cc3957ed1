package io.flowmeter.export.service;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.springframework.stereotype.Component;

/**
 * Runs {@link BuildExport} on whichever node's job server takes it. A build that fails is marked failed with the
 * reason (not retried: the same data would fail again); a node that dies mid-build leaves the job to JobRunr, which
 * runs it again elsewhere, and that build starts over.
 */
@Component
public class BuildExportHandler implements JobRequestHandler<BuildExport> {

    private final ExportBuilder builder;

    BuildExportHandler(ExportBuilder builder) {
        this.builder = builder;
    }

    @Override
    @Job(name = "Data export %0", retries = 3)
    public void run(BuildExport request) {
        builder.build(request.tenantId(), request.exportId());
    }
}
