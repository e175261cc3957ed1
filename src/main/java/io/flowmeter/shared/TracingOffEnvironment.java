package io.flowmeter.shared;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * With tracing off ({@code management.tracing.enabled=false}, Flowmeter's default), leaves out Spring Boot's tracer and
 * Micrometer's tracing observation handlers. Spring Boot makes them whatever that switch says (it only decides the
 * exporters), so every HTTP request and every observed call made and recorded a span that nothing would ever send
 * (8 % of a JFR profile's samples under load). Without a tracer, the observations' metrics are recorded by the plain meter
 * handler. With tracing on, nothing changes here.
 */
public class TracingOffEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String EXCLUDE = "spring.autoconfigure.exclude";
    private static final String TRACING = "org.springframework.boot.actuate.autoconfigure.tracing.";
    /** The tracer (OpenTelemetry's through Micrometer's bridge, or a no-op one in its absence) and the handlers using it. */
    static final List<String> TRACING_CONFIGURATIONS = List.of(TRACING + "MicrometerTracingAutoConfiguration",
            TRACING + "OpenTelemetryTracingAutoConfiguration", TRACING + "NoopTracerAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("management.tracing.enabled", Boolean.class, Boolean.TRUE)) {
            return;
        }
        List<String> excluded = new ArrayList<>(Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
        TRACING_CONFIGURATIONS.stream().filter(name -> !excluded.contains(name)).forEach(excluded::add);
        environment.getPropertySources().addFirst(new MapPropertySource("flowmeterTracingOff", Map.of(EXCLUDE, String.join(",", excluded))));
    }

    @Override
    public int getOrder() {
        // after the application's own configuration files are read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
