package io.flowmeter.database;

import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.JobProbe;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** JobRunr runs on the same PostgreSQL, as the runtime role, and its dashboard is never open to anyone. */
class JobRunrIT extends IntegrationTest {

    @Autowired JobScheduler jobs;
    @Autowired StorageProvider storageProvider;
    @Autowired JsonMapper jsonMapper;
    @Autowired org.jobrunr.server.BackgroundJobServer server;
    @Autowired JobProbe probe;

    @Test
    void aBackgroundJobRunsAndIsStoredInPostgres() throws Exception {
        jobs.enqueue(() -> probe.touch("hello"));
        // a job enqueued outside the engine waits for JobRunr's poll unless someone wakes the server
        server.getJobSteward().notifyThreadOccupied();
        server.getJobSteward().notifyThreadIdle();
        assertThat(JobProbe.DONE.await(30, TimeUnit.SECONDS)).as("job ran").isTrue();
        assertThat(JobProbe.lastArgument).isEqualTo("hello");
        assertThat(storageProvider.getJobStats().getSucceeded() + storageProvider.getJobStats().getProcessing()
                + storageProvider.getJobStats().getEnqueued()).isPositive();
    }

    @Test
    void theDashboardRequiresTheGeneratedPassword() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (var dashboard = new JobsDashboard(port, storageProvider, jsonMapper)) {
            var http = HttpClient.newHttpClient();
            var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs?state=ENQUEUED")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            String credentials = Base64.getEncoder().encodeToString((JobsDashboard.USERNAME + ":" + dashboard.password())
                    .getBytes(StandardCharsets.UTF_8));
            var admin = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs?state=ENQUEUED"))
                    .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(dashboard.password()).hasSizeGreaterThanOrEqualTo(32);
        }
    }
}
