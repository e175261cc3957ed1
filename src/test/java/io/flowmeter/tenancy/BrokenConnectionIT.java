package io.flowmeter.tenancy;

import io.flowmeter.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A connection that dies just as a transaction begins (the database killed or restarted a moment ago) fails that
 * transaction, and only that one: the thread's next transaction works. Long-lived threads such as the webhook
 * inbox's drainer depend on it.
 */
class BrokenConnectionIT extends IntegrationTest {

    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;
    @Autowired @Qualifier("owner") DataSource owner;

    @Test
    void aConnectionThatDiedAsItsTransactionBeganDoesNotPoisonTheThread() throws Exception {
        Integer backend = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.queryForObject("select pg_backend_pid()", Integer.class)));
        // the pool hands this thread the same connection next, unchecked (it was in use less than half a second ago)
        var killer = new JdbcTemplate(owner);
        killer.queryForObject("select pg_terminate_backend(?)", Boolean.class, backend);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (Boolean.TRUE.equals(killer.queryForObject("select exists (select 1 from pg_stat_activity where pid = ?)", Boolean.class, backend))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> jdbc.queryForObject("select 1", Integer.class))))
                .isInstanceOf(CannotCreateTransactionException.class);

        Integer next = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.queryForObject("select pg_backend_pid()", Integer.class)));
        assertThat(next).isNotNull().isNotEqualTo(backend);
    }
}
