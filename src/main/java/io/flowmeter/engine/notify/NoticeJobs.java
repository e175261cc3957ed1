package io.flowmeter.engine.notify;

import io.flowmeter.engine.service.JobDispatcher;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.storage.StorageProvider;
import org.springframework.stereotype.Component;

/** Hands claimed notifications to JobRunr and wakes a job server, so they go out now rather than at its next poll. */
@Component
class NoticeJobs {

    private final StorageProvider storage;
    private final JobDispatcher dispatcher;

    NoticeJobs(StorageProvider storage, JobDispatcher dispatcher) {
        this.storage = storage;
        this.dispatcher = dispatcher;
    }

    void enqueue(SendNotice notice) {
        storage.save(new Job(notice.claim(), new JobDetails(notice), new EnqueuedState()));
        dispatcher.wake();
    }
}
