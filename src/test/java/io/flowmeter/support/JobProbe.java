package io.flowmeter.support;

import org.jobrunr.jobs.annotations.Job;
import org.springframework.stereotype.Component;

import java.util.concurrent.CountDownLatch;

/** A bean for background jobs in tests to call, recording that they ran. */
@Component
public class JobProbe {

    public static final CountDownLatch DONE = new CountDownLatch(1);
    public static volatile String lastArgument;

    @Job(name = "test probe")
    public void touch(String argument) {
        lastArgument = argument;
        DONE.countDown();
    }
}
