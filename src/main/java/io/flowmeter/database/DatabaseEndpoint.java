package io.flowmeter.database;

import org.jspecify.annotations.Nullable;

/**
 * Where the database is and who connects to it; owns the embedded server, if one was started, so that
 * closing the Spring context stops it after every data source that depends on it is closed.
 */
public final class DatabaseEndpoint implements AutoCloseable {

    private final String url;
    private final String ownerUser;
    private final String ownerPassword;
    private final @Nullable EmbeddedPostgresServer embeddedServer;

    DatabaseEndpoint(String url, String ownerUser, String ownerPassword, @Nullable EmbeddedPostgresServer embeddedServer) {
        this.url = url;
        this.ownerUser = ownerUser;
        this.ownerPassword = ownerPassword;
        this.embeddedServer = embeddedServer;
    }

    public String url() {
        return url;
    }

    String ownerUser() {
        return ownerUser;
    }

    String ownerPassword() {
        return ownerPassword;
    }

    public boolean isEmbedded() {
        return embeddedServer != null;
    }

    @Override
    public void close() {
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }
}
