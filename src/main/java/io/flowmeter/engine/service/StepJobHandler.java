package io.flowmeter.engine.service;

import io.flowmeter.tenancy.TenantContext;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.MDC;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.springframework.stereotype.Component;

/**
 * Runs step jobs in the job's tenant. JobRunr's own retries are off: the engine records every attempt and
 * applies the step's retry policy itself; an exception here means the engine could not record an outcome
 * (e.g. the database is gone), and recovery picks the step up again.
 */
@Component
public class StepJobHandler implements JobRequestHandler<StepJob> {

    private final Engine engine;
    private final JobDispatcher dispatcher;
    private final NodeShutdown shutdown;

    StepJobHandler(Engine engine, JobDispatcher dispatcher, NodeShutdown shutdown) {
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.shutdown = shutdown;
    }

    @Override
    @Job(name = "Flowmeter step %0", retries = 0)
    public void run(StepJob job) {
        dispatcher.started(job.jobId());
        // the step's ids on every log line it causes (the structured logs of the production profile carry them)
        try (var run = MDC.putCloseable(MDC_RUN, job.runId().toString()); var step = MDC.putCloseable(MDC_STEP, job.stepId().toString())) {
            TenantContext.runAsTenant(job.tenantId(), () -> engine.handle(job));
        } catch (NodeShutdown.StepReleased released) {
            shutdown.release(job); // the node's stop interrupted it: another node runs it again (GracefulStop)
        } finally {
            MDC.remove(MDC_WORKFLOW);
        }
    }

    /** Log context keys of a step job's lines; the workflow's is set once its run is read. */
    static final String MDC_RUN = "runId";
    static final String MDC_STEP = "stepId";
    static final String MDC_WORKFLOW = "workflowId";
}
