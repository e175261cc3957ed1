package io.flowmeter.tenancy.service;

import io.flowmeter.tenancy.TenantContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out a connection of the platform role while the thread is in the platform scope, of the runtime role
 * otherwise. Which role is connected is what row-level security trusts, and a statement cannot change it: the
 * runtime role knows neither the platform role's password nor may it {@code SET ROLE} to it. Scopes are opened
 * outside transactions only ({@link TenantContext} refuses otherwise), so a transaction's connection always
 * matches its scope.
 */
final class ScopedDataSource extends DelegatingDataSource {

    private final DataSource platform;

    ScopedDataSource(DataSource runtime, DataSource platform) {
        super(runtime);
        this.platform = platform;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return platformScope() ? platform.getConnection() : obtainTargetDataSource().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("Connections are opened with the configured roles only");
    }

    private static boolean platformScope() {
        return TenantContext.currentScope().map(TenantContext.Scope::platform).orElse(false);
    }
}
