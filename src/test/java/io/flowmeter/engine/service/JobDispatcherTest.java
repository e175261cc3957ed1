package io.flowmeter.engine.service;

import org.awaitility.Awaitility;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfigurationReader;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.strategy.WorkDistributionStrategy;
import org.jobrunr.spring.autoconfigure.JobRunrProperties;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageException;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** How step jobs reach a worker: straight to an idle local worker, else through JobRunr's queue; how timers fire. */
class JobDispatcherTest {

    private static final UUID SERVER_ID = UUID.randomUUID();

    private final StorageProvider storage = mock(StorageProvider.class);
    private final BackgroundJobServer server = mock(BackgroundJobServer.class);
    private final JobSteward steward = mock(JobSteward.class);
    private JobDispatcher dispatcher;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        var configuration = mock(BackgroundJobServerConfigurationReader.class);
        when(configuration.getId()).thenReturn(SERVER_ID);
        when(configuration.getName()).thenReturn("this node");
        var strategy = mock(WorkDistributionStrategy.class);
        when(strategy.getWorkerCount()).thenReturn(16);
        when(server.isRunning()).thenReturn(true);
        when(server.getConfiguration()).thenReturn(configuration);
        when(server.getWorkDistributionStrategy()).thenReturn(strategy);
        when(server.getJobSteward()).thenReturn(steward);
        ObjectProvider<BackgroundJobServer> servers = mock(ObjectProvider.class);
        when(servers.getIfAvailable()).thenReturn(server);
        dispatcher = new JobDispatcher(storage, servers, mock(ObjectProvider.class), new JobRunrProperties()); // poll: 15 s
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
    }

    @Test
    void withIdleWorkersJobsAreSavedClaimedByThisNodeAndHandedToItsWorkers() {
        var jobs = jobs(3);
        dispatcher.enqueue(jobs);

        List<Job> saved = savedBatch();
        assertThat(saved).extracting(Job::getId).containsExactlyElementsOf(jobs.stream().map(StepJob::jobId).toList());
        assertThat(saved).allSatisfy(job -> {
            assertThat(job.getState()).isEqualTo(StateName.PROCESSING);
            assertThat(job.<ProcessingState>getJobState().getServerId()).isEqualTo(SERVER_ID);
        });
        verify(server, times(3)).processJob(any());
        verify(steward, never()).notifyThreadIdle(); // no wake-up needed: nothing waits in the queue
    }

    @Test
    void busyWorkersLeaveJobsInTheQueueAndWakeTheServer() {
        when(steward.getOccupiedWorkerCount()).thenReturn(13); // 16 workers, 2 kept free: room for one more
        dispatcher.enqueue(jobs(2));

        assertThat(savedBatch()).allSatisfy(job -> assertThat(job.getState()).isEqualTo(StateName.ENQUEUED));
        verify(server, never()).processJob(any());
        verify(steward, atLeastOnce()).notifyThreadIdle();
    }

    @Test
    void handedOffJobsCountAsBusyUntilTheyStart() {
        when(steward.getOccupiedWorkerCount()).thenReturn(10);
        var first = jobs(4);
        dispatcher.enqueue(first); // 10 + 4 ≤ 14: handed off
        dispatcher.enqueue(jobs(1)); // 10 + 4 + 1 > 14: queued
        verify(server, times(4)).processJob(any());

        first.forEach(job -> dispatcher.started(job.jobId()));
        dispatcher.enqueue(jobs(4)); // they started (and the steward counts them): room again
        verify(server, times(8)).processJob(any());
    }

    @Test
    void attemptsThatAlreadyHaveJobsAreHandledOneByOneThroughTheQueue() {
        var jobs = jobs(2);
        when(storage.save(anyList())).thenThrow(new StorageException("duplicate key"));
        Job existing = new Job(jobs.get(0).jobId(), new org.jobrunr.jobs.JobDetails(jobs.get(0)), new org.jobrunr.jobs.states.EnqueuedState());
        existing.startProcessingOn(server);
        existing.succeeded();
        when(storage.getJobById(jobs.get(0).jobId())).thenReturn(existing);
        when(storage.getJobById(jobs.get(1).jobId())).thenThrow(new JobNotFoundException(jobs.get(1).jobId()));

        dispatcher.enqueue(jobs);

        verify(server, never()).processJob(any());
        ArgumentCaptor<Job> saved = ArgumentCaptor.forClass(Job.class);
        verify(storage, times(2)).save(saved.capture());
        // the one that had run already is enqueued again; the missing one is created, in the queue (not claimed)
        assertThat(saved.getAllValues()).extracting(Job::getId).containsExactly(jobs.get(0).jobId(), jobs.get(1).jobId());
        assertThat(saved.getAllValues()).allSatisfy(job -> assertThat(job.getState()).isEqualTo(StateName.ENQUEUED));
    }

    @Test
    void aStoppedServerGetsNoHandOffs() {
        when(server.isRunning()).thenReturn(false);
        dispatcher.enqueue(jobs(1));
        assertThat(savedBatch()).allSatisfy(job -> assertThat(job.getState()).isEqualTo(StateName.ENQUEUED));
        verify(server, never()).processJob(any());
    }

    @Test
    void aTimerThatFellDueWhileNoNodeCouldFireItIsEnqueuedWhenRedispatched() {
        StepJob retry = jobs(1).get(0);
        Job scheduled = new Job(retry.jobId(), new JobDetails(retry), new ScheduledState(Instant.now().minusSeconds(40)));
        when(storage.getJobById(retry.jobId())).thenReturn(scheduled);

        dispatcher.redispatch(List.of(retry)); // what recovery does after a restart

        ArgumentCaptor<Job> saved = ArgumentCaptor.forClass(Job.class);
        verify(storage).save(saved.capture());
        assertThat(saved.getValue().getState()).isEqualTo(StateName.ENQUEUED);
    }

    /**
     * JobRunr's scheduled-job task moves jobs due within one poll interval (15 s); the in-memory timer moves the same
     * job at its due time. Were the durable job due then too, the two would race for it and JobRunr would log the
     * loss as a SevereJobRunrException. The durable job is due only after the timer has moved it.
     */
    @Test
    void theDurableTimerFallsDueOnlyAfterTheInMemoryTimerHasMovedTheJob() {
        StepJob delay = jobs(1).get(0);
        var stored = new AtomicReference<Job>();
        when(storage.save(any(Job.class))).thenAnswer(call -> {
            stored.set(call.getArgument(0));
            return call.getArgument(0);
        });
        when(storage.getJobById(delay.jobId())).thenAnswer(call -> {
            if (stored.get() == null) {
                throw new JobNotFoundException(delay.jobId());
            }
            return stored.get();
        });
        Instant due = Instant.now().plusMillis(500);

        dispatcher.schedule(delay, due);

        Instant durableDue = stored.get().<ScheduledState>getJobState().getScheduledAt();
        Instant jobRunrLookAhead = due.plusSeconds(15); // the latest JobRunr could move it early, polling at the due time
        assertThat(durableDue).isAfter(jobRunrLookAhead);
        // the in-memory timer moves it, at its due time
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stored.get().getState() == StateName.ENQUEUED);
        assertThat(Instant.now()).isAfterOrEqualTo(due);
    }

    @SuppressWarnings("unchecked")
    private List<Job> savedBatch() {
        ArgumentCaptor<List<Job>> batch = ArgumentCaptor.forClass(List.class);
        verify(storage, atLeastOnce()).save(batch.capture());
        return batch.getValue();
    }

    private static List<StepJob> jobs(int count) {
        UUID tenant = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        return IntStream.range(0, count).mapToObj(i -> new StepJob(tenant, run, UUID.randomUUID(), 1, StepJob.Mode.EXECUTE)).toList();
    }
}
