package io.flowmeter.engine.service;

import org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs' trace ids are their ids: Spring Boot's OpenTelemetry SDK (when tracing is on) generates ids with {@link RunTraceIds}. */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    SdkTracerProviderBuilderCustomizer runTraceIds() {
        return builder -> builder.setIdGenerator(new RunTraceIds());
    }
}
