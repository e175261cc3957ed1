package io.flowmeter.engine.service;

import io.flowmeter.engine.service.RunService.RunFilter;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The SQL {@link RunService} sends for a runs list page and its step counts, so the runs benchmark can explain it. */
public final class RunQueries {

    private RunQueries() {
    }

    /** A statement with its arguments, as JDBC gets it. */
    public record Statement(String sql, List<Object> args) {
    }

    /** The list query of one page of {@code limit} runs (the service asks for one more, to know if there is a next page). */
    public static Statement listPage(UUID tenantId, RunFilter filter, @Nullable Instant afterTime, @Nullable UUID afterId, int limit) {
        RunService.ListQuery query = RunService.listQuery(tenantId, filter, afterTime, afterId, limit + 1);
        return new Statement(query.sql(), query.args());
    }

    /** The step counts of a page's runs. */
    public static Statement stepCounts(List<UUID> runIds) {
        return new Statement(RunService.STEP_COUNTS_SQL, List.of((Object) runIds.toArray(new UUID[0])));
    }
}
