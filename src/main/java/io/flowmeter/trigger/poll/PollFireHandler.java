package io.flowmeter.trigger.poll;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.springframework.stereotype.Component;

/** Runs a poll on a JobRunr worker. */
@Component
public class PollFireHandler implements JobRequestHandler<PollFire> {

    private final PollService polls;

    PollFireHandler(PollService polls) {
        this.polls = polls;
    }

    @Override
    @Job(name = "Flowmeter poll %0", retries = 0)
    public void run(PollFire fire) {
        polls.poll(fire.tenantId(), fire.workflowId());
    }
}
