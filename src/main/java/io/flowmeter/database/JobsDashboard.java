package io.flowmeter.database;

import org.jobrunr.dashboard.JobRunrDashboardWebServer;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import static org.jobrunr.dashboard.JobRunrDashboardWebServerConfiguration.usingStandardDashboardConfiguration;

/**
 * JobRunr's own dashboard. Its embedded web server listens on every interface, so it is never left open:
 * it requires basic authentication with a password generated at each start that only platform admins see
 * (on the admin screen). Port 0 turns it off.
 */
@Component
public class JobsDashboard implements AutoCloseable {

    public static final String USERNAME = "flowmeter-admin";

    private final int port;
    private final String password;
    private final Optional<JobRunrDashboardWebServer> server;

    JobsDashboard(@Value("${flowmeter.jobs.dashboard-port}") int port, StorageProvider storageProvider, JsonMapper jsonMapper) {
        this.port = port;
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
        if (port > 0) {
            var dashboard = new JobRunrDashboardWebServer(storageProvider, jsonMapper, usingStandardDashboardConfiguration()
                    .andPort(port).andBasicAuthentication(USERNAME, password).andAllowAnonymousDataUsage(false));
            dashboard.start();
            this.server = Optional.of(dashboard);
        } else {
            this.server = Optional.empty();
        }
    }

    public boolean isRunning() {
        return server.isPresent();
    }

    public int port() {
        return port;
    }

    /** Shown only to platform admins. */
    public String password() {
        return password;
    }

    @Override
    public void close() {
        server.ifPresent(JobRunrDashboardWebServer::stop);
    }
}
