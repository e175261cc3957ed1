package io.flowmeter.trigger.schedule;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.springframework.stereotype.Component;

/** Runs a schedule fire on a JobRunr worker. */
@Component
public class ScheduleFireHandler implements JobRequestHandler<ScheduleFire> {

    private final ScheduleService schedules;

    ScheduleFireHandler(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Override
    @Job(name = "Flowmeter schedule %0", retries = 3)
    public void run(ScheduleFire fire) {
        schedules.fire(fire);
    }
}
