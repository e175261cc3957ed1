package io.flowmeter.engine.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.SettlementListener;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.ConnectorCall.Outcome;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * OpenTelemetry traces of runs, when tracing is on ({@code FLOWMETER_TRACING_ENABLED}; Spring Boot then configures the
 * SDK and its OTLP exporter). A run is one trace whose id is the run's id, so no table stores it and any node can
 * continue it: each step attempt is a span, current while its connector works (outgoing HTTP calls carry it in
 * {@code traceparent}), whose parent is the run's span. That span is written when the run finishes, spanning from its
 * creation, with an id derived from the run's too ({@link RunTraceIds}). Spans carry ids, types and outcomes only:
 * never parameters, outputs or error texts, which may hold what a service echoed.
 */
@Component
class RunTracing implements SettlementListener {

    private static final StepSpan OFF = new StepSpan(null, null);

    private final @Nullable Tracer tracer;
    private final @Nullable Sampler sampler;

    /**
     * Spring Boot would make its SDK whether or not tracing is on ({@code management.tracing.enabled} only decides its
     * exporters); off, Flowmeter leaves it out ({@code TracingOffEnvironment}) and the switch is read here too, so that
     * no span is made and no header sent even where an SDK exists.
     */
    RunTracing(ObjectProvider<SdkTracerProvider> provider, Environment environment) {
        boolean on = environment.getProperty("management.tracing.enabled", Boolean.class, Boolean.TRUE);
        SdkTracerProvider sdk = on ? provider.getIfAvailable() : null;
        this.tracer = sdk == null ? null : sdk.get("io.flowmeter.engine");
        this.sampler = sdk == null ? null : sdk.getSampler();
    }

    boolean enabled() {
        return tracer != null;
    }

    /** Opens the span of a step attempt, current on this thread until it is closed; does nothing with tracing off. */
    StepSpan step(RunRow run, Node node, StepJob job) {
        if (tracer == null) {
            return OFF;
        }
        Span span = tracer.spanBuilder("step " + node.id())
                .setParent(Context.root().with(Span.wrap(runSpanContext(run.id()))))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("flowmeter.tenant.id", run.tenantId().toString())
                .setAttribute("flowmeter.workflow.id", run.workflowId().toString())
                .setAttribute("flowmeter.run.id", run.id().toString())
                .setAttribute("flowmeter.step.id", job.stepId().toString())
                .setAttribute("flowmeter.node.id", node.id())
                .setAttribute("flowmeter.node.type", node.type())
                .setAttribute("flowmeter.attempt", job.attempt())
                .startSpan();
        return new StepSpan(span, span.makeCurrent());
    }

    /** The run's span as its steps' parent: ids derived from the run's id, sampled as the run's span will be. */
    SpanContext runSpanContext(UUID runId) {
        String traceId = RunTraceIds.traceId(runId);
        boolean sampled = sampler == null || sampler.shouldSample(Context.root(), traceId, "run", SpanKind.INTERNAL,
                Attributes.empty(), List.of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
        return SpanContext.createFromRemoteParent(traceId, RunTraceIds.spanId(runId),
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    }

    /** Finished runs get their span once the transaction that finished them commits. */
    @Override
    public void settled(List<Settlement> settlements) {
        if (tracer == null) {
            return;
        }
        List<Settlement.Run> runs = new ArrayList<>();
        for (Settlement settlement : settlements) {
            if (settlement instanceof Settlement.Run run) {
                runs.add(run);
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runs.forEach(RunTracing.this::writeRunSpan);
                }
            });
        } else {
            runs.forEach(this::writeRunSpan);
        }
    }

    private void writeRunSpan(Settlement.Run run) {
        Tracer current = tracer;
        if (current == null) {
            return;
        }
        Span span = RunTraceIds.withIdsOf(run.runId(), () -> {
            var builder = current.spanBuilder("run").setNoParent().setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(run.createdAt())
                    .setAttribute("flowmeter.tenant.id", run.tenantId().toString())
                    .setAttribute("flowmeter.workflow.id", run.workflowId().toString())
                    .setAttribute("flowmeter.workflow.version", run.versionNumber())
                    .setAttribute("flowmeter.run.id", run.runId().toString())
                    .setAttribute("flowmeter.run.outcome", run.outcome().name());
            if (run.parentRunId() != null) {
                builder.setAttribute("flowmeter.run.parent", run.parentRunId().toString());
            }
            return builder.startSpan();
        });
        if (run.outcome() == Settlement.RunOutcome.FAILED) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(run.at());
    }

    /** A step attempt's span; closing it ends it. */
    static final class StepSpan implements AutoCloseable {

        private final @Nullable Span span;
        private final @Nullable Scope scope;

        private StepSpan(@Nullable Span span, @Nullable Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        void outcome(Outcome outcome) {
            if (span == null) {
                return;
            }
            boolean failed = outcome instanceof Outcome.Failed;
            span.setAttribute("flowmeter.step.outcome", failed ? "failed" : "done");
            if (failed) {
                span.setStatus(StatusCode.ERROR); // no description: an error text may hold what a service echoed
            }
        }

        @Override
        public void close() {
            if (scope != null) {
                scope.close();
            }
            if (span != null) {
                span.end();
            }
        }
    }
}
