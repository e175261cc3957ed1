package io.flowmeter.connector.http;

import com.sun.net.httpserver.HttpServer;
import io.flowmeter.connector.spi.ActionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EgressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1", "224.0.0.1",
            "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1", "2002:7f00:1::", "2002:a9fe:a9fe::", "64:ff9b::a00:1"})
    void internalAddressesAreRefused(String address) throws Exception {
        assertThat(Egress.internal(InetAddress.getByName(address))).as(address).isTrue();
        assertThatThrownBy(() -> Egress.parse("").checkHost(address)).isInstanceOf(ActionException.class)
                .hasMessageContaining("not allowed").hasMessageContaining("FLOWMETER_EGRESS_ALLOW")
                .satisfies(e -> assertThat(((ActionException) e).retryable()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.0.1.1", "198.20.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "2002:808:808::"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(Egress.internal(InetAddress.getByName(address))).as(address).isFalse();
        assertThatCode(() -> Egress.parse("").checkHost(address)).doesNotThrowAnyException();
    }

    @Test
    void theAllowListTakesAddressesRangesAndHostNames() {
        Egress egress = Egress.parse(" 127.0.0.1 , 10.0.0.0/8,fd00::/8, Internal.Example ");
        assertThatCode(() -> egress.checkHost("127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> egress.checkHost("10.200.3.4")).doesNotThrowAnyException();
        assertThatCode(() -> egress.checkHost("[fd12::1]")).doesNotThrowAnyException();
        assertThatCode(() -> egress.checkHost("internal.example")).doesNotThrowAnyException();
        assertThatThrownBy(() -> egress.checkHost("127.0.0.2")).hasMessageContaining("127.0.0.2");
        assertThatThrownBy(() -> egress.checkHost("192.168.0.1")).isInstanceOf(ActionException.class);
        assertThatThrownBy(() -> Egress.parse("10.0.0.0/8").checkHost("localhost")).as("a name resolving to loopback")
                .hasMessageMatching("Calls to localhost \\((127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)\\) are not allowed.*");
    }

    @Test
    void prefixesAreExact() {
        Egress egress = Egress.parse("172.16.0.0/12,192.168.1.128/25");
        assertThatCode(() -> egress.checkHost("172.31.1.1")).doesNotThrowAnyException();
        assertThatCode(() -> egress.checkHost("192.168.1.200")).doesNotThrowAnyException();
        assertThatThrownBy(() -> egress.checkHost("192.168.1.100")).isInstanceOf(ActionException.class);
    }

    @Test
    void badEntriesAreReportedAtStart() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/x", "host name", "::1/129")) {
            assertThatThrownBy(() -> Egress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FLOWMETER_EGRESS_ALLOW");
        }
    }

    @Test
    void everyRedirectTargetIsCheckedAndCredentialsStayWithTheirHost() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = server.getAddress().getPort();
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/bad-location", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://exa mple.com/|x");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/to-file", exchange -> {
            exchange.getResponseHeaders().add("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/to-other-host", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("Location", "http://localhost:" + port + "/landing");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/landing", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            Egress egress = Egress.parse("127.0.0.1,localhost");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            assertThatThrownBy(() -> egress.send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/to-metadata")).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(ActionException.class).hasMessageContaining("169.254.169.254");

            var response = egress.send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/to-other-host"))
                    .header("Authorization", "Bearer secret").header("X-Api-Key", "key-123").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(authorizations).as("credentials stay with their origin").containsExactly("Bearer secret", "null", "null");

            for (String path : List.of("/bad-location", "/to-file")) {
                assertThatThrownBy(() -> egress.send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding())).as(path).isInstanceOf(ActionException.class).hasMessageContaining("redirect");
            }

            assertThatThrownBy(() -> Egress.parse("").send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/landing")).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(ActionException.class);
        } finally {
            server.stop(0);
        }
    }
}
