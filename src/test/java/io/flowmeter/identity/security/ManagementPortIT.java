package io.flowmeter.identity.security;

import io.flowmeter.support.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real app JVM with {@code FLOWMETER_MANAGEMENT_PORT}: health and the Prometheus scrape are open on that port (as
 * Kubernetes probes and scrapes them), every other actuator endpoint is refused there, and the app's port serves none.
 */
class ManagementPortIT {

    @TempDir Path dir;
    AppProcess app;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndTheScrapeAreOpenOnTheManagementPortAndNothingElseIs() throws Exception {
        int appPort = freePort();
        int managementPort = freePort();
        app = new AppProcess(dir.resolve("app"), appPort, Map.of("FLOWMETER_DATA_DIR", dir.resolve("data").toString(),
                "FLOWMETER_MANAGEMENT_PORT", Integer.toString(managementPort)));
        app.start();
        app.awaitReady(Duration.ofSeconds(120), URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"));

        var scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("flowmeter_jobrunr_jobs{").contains("jvm_memory_used_bytes");
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/loggers").statusCode()).isIn(401, 403);
        assertThat(get(managementPort, "/actuator/metrics").statusCode()).isIn(401, 403);
        // the app's port serves the app, no actuator endpoint
        assertThat(get(appPort, "/actuator/prometheus").body()).doesNotContain("flowmeter_jobrunr_jobs");
        assertThat(app.call("GET", "/api/v1/tenant", null).statusCode()).isEqualTo(200);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
