package io.flowmeter.shared;

import jakarta.servlet.ServletException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Machine clients get 503 problem+json with Retry-After when the database cannot be reached, never a redirect. */
class DatabaseOutageFilterTest {

    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final DatabaseOutageFilter filter = new DatabaseOutageFilter(reachable::get);

    @Test
    void whileTheDatabaseIsKnownDownApiAndWebhookRequestsAreRefusedAtOnce() throws Exception {
        reachable.set(false);
        for (String path : new String[]{"/api/v1/workflows/1/runs", "/hooks/wh_abc"}) {
            var chain = new MockFilterChain();
            var response = new MockHttpServletResponse();
            filter.doFilter(new MockHttpServletRequest("POST", path), response, chain);
            assertUnavailable(response);
            assertThat(chain.getRequest()).as("nothing behind the filter ran").isNull();
        }
    }

    @Test
    void aDatabaseFailureDuringTheRequestIncludingApiKeyAuthenticationBecomes503() throws Exception {
        // what a Hikari timeout looks like when the API-key lookup opens its transaction
        var timeout = new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new JDBCConnectionException("Unable to acquire JDBC Connection",
                        new SQLTransientConnectionException("flowmeter - Connection is not available, request timed out after 10000ms")));
        var response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/runs"), response, (request, res) -> {
            throw new ServletException("Request processing failed", timeout);
        });
        assertUnavailable(response);

        var killed = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/hooks/wh_abc"), killed, (request, res) -> {
            throw new IllegalStateException(new SQLException("terminating connection due to administrator command", "57P01"));
        });
        assertUnavailable(killed);
    }

    @Test
    void otherFailuresAndOtherPathsAreLeftAlone() {
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/workflows"), new MockHttpServletResponse(),
                (request, res) -> {
                    throw new DataIntegrityViolationException("duplicate key");
                })).isInstanceOf(DataIntegrityViolationException.class);

        reachable.set(false);
        var chain = new MockFilterChain();
        assertThat(chain.getRequest()).isNull();
        try {
            filter.doFilter(new MockHttpServletRequest("GET", "/login"), new MockHttpServletResponse(), chain);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(chain.getRequest()).as("the app's own pages are not the API's business").isNotNull();
    }

    private static void assertUnavailable(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("\"type\":\"https://flowmeter.io/problems/database-unavailable\"")
                .contains("\"status\":503");
    }
}
