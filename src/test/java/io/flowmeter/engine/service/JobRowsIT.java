package io.flowmeter.engine.service;

import io.flowmeter.support.IntegrationTest;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step jobs written in the engine's transaction are rows JobRunr reads as its own, commit or roll back with it, and never clash. */
class JobRowsIT extends IntegrationTest {

    @Autowired JobRows rows;
    @Autowired StorageProvider storage;
    @Autowired TransactionTemplate tx;

    private static Job job() {
        // a parked attempt of a step that does not exist: if JobRunr ran it, the engine would find nothing to do
        StepJob step = new StepJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, StepJob.Mode.EXECUTE);
        return new Job(step.jobId(), new JobDetails(step), new EnqueuedState());
    }

    @Test
    void aJobWrittenInTheTransactionIsOneJobRunrReadsBack() {
        Job job = job();
        Set<UUID> inserted = tx.execute(status -> rows.insertNew(List.of(job)));

        assertThat(inserted).containsExactly(job.getId());
        assertThat(job.getVersion()).isEqualTo(1);
        Job read = storage.getJobById(job.getId());
        assertThat(read.getVersion()).isEqualTo(1);
        assertThat(read.getState()).isIn(StateName.ENQUEUED, StateName.PROCESSING, StateName.SUCCEEDED);
        assertThat(read.getJobDetails().getClassName()).isEqualTo(StepJobHandler.class.getName());
        assertThat(read.getJobDetails().getJobParameters().get(0).getObject()).isEqualTo(job.getJobDetails().getJobParameters().get(0).getObject());
    }

    @Test
    void aJobThatExistsIsLeftAsItIsAndNotReportedAsInserted() {
        Job first = job();
        tx.execute(status -> rows.insertNew(List.of(first)));
        Job again = new Job(first.getId(), first.getJobDetails(), new EnqueuedState());
        Job other = job();

        Set<UUID> inserted = tx.execute(status -> rows.insertNew(List.of(again, other)));

        assertThat(inserted).containsExactly(other.getId()); // and the transaction was not aborted by the clash
        assertThat(storage.getJobById(other.getId())).isNotNull();
    }

    @Test
    void aRolledBackTransactionLeavesNoJob() {
        Job job = job();
        tx.executeWithoutResult(status -> {
            rows.insertNew(List.of(job));
            status.setRollbackOnly();
        });

        assertThatThrownBy(() -> storage.getJobById(job.getId())).isInstanceOf(JobNotFoundException.class);
    }
}
