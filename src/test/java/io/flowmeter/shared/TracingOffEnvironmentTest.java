package io.flowmeter.shared;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** With tracing off, the tracer and Micrometer's tracing handlers are left out (keeping other exclusions); with it on, nothing changes. */
class TracingOffEnvironmentTest {

    @Test
    void offLeavesOutTheTracingHandlersAndKeepsOtherExclusions() {
        var off = new MockEnvironment().withProperty("management.tracing.enabled", "false")
                .withProperty(TracingOffEnvironment.EXCLUDE, "com.example.OneAutoConfiguration");
        new TracingOffEnvironment().postProcessEnvironment(off, new SpringApplication());
        assertThat(off.getProperty(TracingOffEnvironment.EXCLUDE))
                .isEqualTo("com.example.OneAutoConfiguration," + String.join(",", TracingOffEnvironment.TRACING_CONFIGURATIONS));

        var alone = new MockEnvironment().withProperty("management.tracing.enabled", "false");
        new TracingOffEnvironment().postProcessEnvironment(alone, new SpringApplication());
        assertThat(alone.getProperty(TracingOffEnvironment.EXCLUDE)).isEqualTo(String.join(",", TracingOffEnvironment.TRACING_CONFIGURATIONS));
    }

    @Test
    void onOrUnsetChangesNothing() {
        var on = new MockEnvironment().withProperty("management.tracing.enabled", "true");
        new TracingOffEnvironment().postProcessEnvironment(on, new SpringApplication());
        assertThat(on.getProperty(TracingOffEnvironment.EXCLUDE)).isNull();

        var unset = new MockEnvironment();
        new TracingOffEnvironment().postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty(TracingOffEnvironment.EXCLUDE)).isNull();
    }
}
