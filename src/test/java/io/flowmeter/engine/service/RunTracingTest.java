package io.flowmeter.engine.service;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracing is off unless switched on, even though Spring Boot makes its SDK either way; run ids map onto trace ids. */
class RunTracingTest {

    @Test
    void offUnlessSwitchedOnThoughTheSdkExists() {
        var beans = new DefaultListableBeanFactory();
        beans.registerSingleton("sdk", SdkTracerProvider.builder().build());
        assertThat(new RunTracing(beans.getBeanProvider(SdkTracerProvider.class),
                new MockEnvironment().withProperty("management.tracing.enabled", "false")).enabled()).isFalse();
        assertThat(new RunTracing(beans.getBeanProvider(SdkTracerProvider.class),
                new MockEnvironment().withProperty("management.tracing.enabled", "true")).enabled()).isTrue();
        assertThat(new RunTracing(new DefaultListableBeanFactory().getBeanProvider(SdkTracerProvider.class),
                new MockEnvironment().withProperty("management.tracing.enabled", "true")).enabled()).isFalse();
    }

    @Test
    void aRunsTraceIdIsItsIdAndItsSpanIdIsDerivedAndValid() {
        UUID run = UUID.fromString("0ca3443b-25d0-3101-9519-c8ea25275a88");
        assertThat(RunTraceIds.traceId(run)).isEqualTo("0ca3443b25d0310195 19c8ea25275a88".replace(" ", ""));
        assertThat(RunTraceIds.spanId(run)).hasSize(16).isNotEqualTo("0000000000000000").isEqualTo(RunTraceIds.spanId(run));
        assertThat(RunTraceIds.spanId(new UUID(0, 0))).isEqualTo("0000000000000001");
        assertThat(RunTraceIds.traceId(new UUID(1, 2))).isEqualTo("00000000000000010000000000000002");
    }
}
