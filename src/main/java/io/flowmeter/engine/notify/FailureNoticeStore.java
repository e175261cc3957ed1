package io.flowmeter.engine.notify;

import io.flowmeter.engine.notify.FailureThrottle.State;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of {@code failure_notices}, in the caller's transaction. Times are the database's ({@code clock_timestamp()}),
 * so every node measures the window with one clock.
 */
@Component
class FailureNoticeStore {

    /** Pending failures whose message may go out now, and nobody is sending it (or whoever claimed it is gone). */
    private static final String DUE = "pending > 0 and due_at <= clock_timestamp() and (claimed_until is null or claimed_until < clock_timestamp())";
    private static final String STATE = "pending, first_failed_at, due_at, last_sent_at";

    /** A locked row: its throttle state, the database's time, and whether a sender holds a live claim on it. */
    record Locked(State state, Instant now, boolean claimed) {
    }

    /** A message claimed for sending: the job that sends it carries these. */
    record Claim(UUID tenantId, UUID workflowId, UUID claim) {
    }

    /** What a claimed message reports, as read just before sending. */
    record Report(int failures, Instant since, @Nullable UUID latestRunId, @Nullable String latestError, Instant readAt) {
    }

    /** The latest delivery of a workflow's notifications, for its settings. */
    record LastDelivery(UUID workflowId, @Nullable Instant sentAt, @Nullable String outcome, @Nullable Instant outcomeAt, int pending) {
    }

    private final JdbcTemplate jdbc;

    FailureNoticeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the workflow's row (creating it first): failures of one workflow are counted one after another. */
    Locked lock(UUID tenantId, UUID workflowId) {
        jdbc.update("insert into failure_notices (workflow_id, tenant_id) values (?, ?) on conflict (workflow_id) do nothing", workflowId, tenantId);
        return jdbc.queryForObject("select " + STATE + ", clock_timestamp(), claimed_until > clock_timestamp() from failure_notices "
                + "where workflow_id = ? for update", (rs, i) -> new Locked(state(rs), instant(rs, 5), rs.getBoolean(6)), workflowId);
    }

    /** Stores a counted failure; with {@code claim}, the message it made due is claimed by this node at once. */
    void counted(UUID workflowId, State state, UUID runId, String error, @Nullable UUID claim, Duration claimTimeout) {
        jdbc.update("""
                update failure_notices set pending = ?, first_failed_at = ?, due_at = ?, last_run_id = ?, last_error = ?,
                       claim = coalesce(?, claim),
                       claimed_until = case when ?::uuid is null then claimed_until else clock_timestamp() + make_interval(secs => ?) end
                where workflow_id = ?
                """, state.pending(), timestamp(state.firstFailedAt()), timestamp(state.dueAt()), runId, error, claim, claim,
                (double) claimTimeout.toMillis() / 1000, workflowId);
    }

    /** Claims every due message of every tenant (platform scope), at most {@code limit}; rows being counted are skipped. */
    List<Claim> claimDue(int limit, Duration claimTimeout) {
        return jdbc.query("""
                update failure_notices set claim = gen_random_uuid(), claimed_until = clock_timestamp() + make_interval(secs => ?)
                where workflow_id in (select workflow_id from failure_notices where %s order by due_at limit ? for update skip locked)
                returning tenant_id, workflow_id, claim
                """.formatted(DUE), (rs, i) -> new Claim(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)),
                (double) claimTimeout.toMillis() / 1000, limit);
    }

    /** What the message claimed as {@code claim} reports; empty when the claim expired and someone else took over. */
    Optional<Report> report(UUID workflowId, UUID claim) {
        return jdbc.query("""
                select pending, first_failed_at, last_run_id, last_error, clock_timestamp() from failure_notices
                where workflow_id = ? and claim = ? and claimed_until > clock_timestamp() and pending > 0
                """, (rs, i) -> new Report(rs.getInt(1), instant(rs, 2), rs.getObject(3, UUID.class), rs.getString(4), instant(rs, 5)),
                workflowId, claim).stream().findFirst();
    }

    /** Locks the row while it is still claimed as {@code claim}. */
    Optional<Locked> lockClaimed(UUID workflowId, UUID claim) {
        return jdbc.query("select " + STATE + ", clock_timestamp(), true from failure_notices where workflow_id = ? and claim = ? for update",
                (rs, i) -> new Locked(state(rs), instant(rs, 5), true), workflowId, claim).stream().findFirst();
    }

    /** Records a delivery and releases the claim. */
    void delivered(UUID workflowId, State state, String outcome) {
        jdbc.update("""
                update failure_notices set pending = ?, first_failed_at = ?, due_at = ?, last_sent_at = ?, claim = null, claimed_until = null,
                       last_outcome = ?, last_outcome_at = clock_timestamp()
                where workflow_id = ?
                """, state.pending(), timestamp(state.firstFailedAt()), timestamp(state.dueAt()), timestamp(state.lastSentAt()),
                outcome.length() > 1000 ? outcome.substring(0, 999) + "…" : outcome, workflowId);
    }

    Optional<LastDelivery> last(UUID workflowId) {
        return jdbc.query("select workflow_id, last_sent_at, last_outcome, last_outcome_at, pending from failure_notices where workflow_id = ?",
                (rs, i) -> lastDelivery(rs), workflowId).stream().findFirst();
    }

    /** The organization's latest deliveries, newest first. */
    List<LastDelivery> recent(int limit) {
        return jdbc.query("""
                select workflow_id, last_sent_at, last_outcome, last_outcome_at, pending from failure_notices
                where last_outcome_at is not null order by last_outcome_at desc limit ?
                """, (rs, i) -> lastDelivery(rs), limit);
    }

    private static LastDelivery lastDelivery(ResultSet rs) throws SQLException {
        return new LastDelivery(rs.getObject(1, UUID.class), instantOrNull(rs, 2), rs.getString(3), instantOrNull(rs, 4), rs.getInt(5));
    }

    private static State state(ResultSet rs) throws SQLException {
        return new State(rs.getInt(1), instantOrNull(rs, 2), instantOrNull(rs, 3), instantOrNull(rs, 4));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
