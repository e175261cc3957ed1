package io.flowmeter.connector.http;

import io.flowmeter.connector.spi.ActionException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where calls to addresses a tenant controls (HTTP steps, poll sources, connection test URLs, webhook URLs, model
 * base URLs, SMTP hosts) may go. In a multi-tenant deployment they must not reach the platform's own network:
 * loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and
 * reserved addresses are refused, after DNS resolution (every address a name resolves to must be allowed) and again
 * for every redirect, which is followed here rather than by the HTTP client. The resolution also fills the JVM's
 * DNS cache, which the HTTP client then uses; a name re-pointed between the check and the connection can only win
 * if the cache entry expires in that instant (the JDK's HTTP client on Java 17 offers no way to connect to the
 * checked address itself). Self-hosted installs allow what they need with {@code FLOWMETER_EGRESS_ALLOW}: host
 * names and addresses or CIDR ranges, comma-separated.
 */
public final class Egress {

    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** What a redirect to another origin still carries: nothing that could be a credential (a custom API-key header). */
    private static final Set<String> CROSS_ORIGIN_HEADERS = Set.of("user-agent", "accept", "accept-language", "content-type",
            "idempotency-key");
    private static volatile Egress current = parse(System.getenv("FLOWMETER_EGRESS_ALLOW"));

    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((bytes[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private final Set<String> hosts;
    private final List<Range> ranges;

    private Egress(Set<String> hosts, List<Range> ranges) {
        this.hosts = hosts;
        this.ranges = ranges;
    }

    /** The policy in force (set from the configuration at start; until then from the environment). */
    public static Egress current() {
        return current;
    }

    static void configure(Egress policy) {
        current = policy;
    }

    /** Parses an allow-list: host names, addresses and CIDR ranges, comma-separated; empty allows nothing extra. */
    public static Egress parse(@Nullable String allow) {
        Set<String> hosts = new java.util.HashSet<>();
        List<Range> ranges = new ArrayList<>();
        for (String raw : (allow == null ? "" : allow).split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (isLiteral(address)) {
                byte[] bytes = literal(address).getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : prefix(entry, entry.substring(slash + 1), bytes.length * 8);
                ranges.add(new Range(bytes, prefix));
            } else if (slash < 0 && address.matches("[a-z0-9.-]+")) {
                hosts.add(address);
            } else {
                throw new IllegalArgumentException("FLOWMETER_EGRESS_ALLOW: '" + raw.strip() + "' is neither a host name, an address nor a CIDR range");
            }
        }
        return new Egress(Set.copyOf(hosts), List.copyOf(ranges));
    }

    private static int prefix(String entry, String text, int max) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= max) {
                return prefix;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("FLOWMETER_EGRESS_ALLOW: '" + entry + "' has no valid prefix length (0–" + max + ")");
    }

    /** Refuses (non-retryably) a URL whose host is, or resolves to, an address that may not be called. */
    public void check(URI uri) throws ActionException {
        String host = uri.getHost();
        if (host == null) {
            throw ActionException.permanent("The URL names no host: " + uri);
        }
        checkHost(host);
    }

    public void checkHost(String rawHost) throws ActionException {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (hosts.contains(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ActionException.retryable("Could not resolve " + rawHost, null, e);
        }
        for (InetAddress address : addresses) {
            if (internal(address) && ranges.stream().noneMatch(range -> range.contains(address))) {
                throw ActionException.permanent("Calls to " + rawHost + (host.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress() + ")")
                        + " are not allowed: it is a loopback, private, link-local or reserved address. A self-hosted install can allow it with "
                        + "FLOWMETER_EGRESS_ALLOW");
            }
        }
    }

    /**
     * Sends {@code request} with {@code client} (which must not follow redirects itself), checking the target and
     * every redirect's target. Like browsers, 303 (and 301/302 after a POST) continue as GET without a body; the
     * {@code Authorization} header is not sent on to another host.
     */
    public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws ActionException, IOException, InterruptedException {
        HttpRequest next = traced(request);
        for (int hop = 0; ; hop++) {
            check(next.uri());
            HttpResponse<T> response = client.send(next, handler);
            String location = response.headers().firstValue("Location").orElse(null);
            if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw ActionException.permanent("More than " + MAX_REDIRECTS + " redirects from " + request.uri().getHost());
            }
            close(response);
            URI target;
            try {
                target = next.uri().resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw ActionException.permanent("The redirect from " + next.uri().getHost() + " names an invalid address: " + clip(location));
            }
            if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme()) || target.getHost() == null) {
                throw ActionException.permanent("Refused a redirect from " + next.uri().getHost() + " to a non-HTTP address: " + clip(location));
            }
            if ("https".equals(next.uri().getScheme()) && !"https".equals(target.getScheme())) {
                throw ActionException.permanent("Refused a redirect from https to " + target.getScheme() + " (" + target.getHost() + ")");
            }
            next = redirected(next, target, response.statusCode());
        }
    }

    /**
     * With tracing on, a call made within a step's span carries it ({@code traceparent}, W3C Trace Context), so the
     * service's own traces join the run's; without a current span the request is sent as it is.
     */
    static HttpRequest traced(HttpRequest request) {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return request;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        W3CTraceContextPropagator.getInstance().inject(context, builder, (carrier, name, value) -> {
            if (carrier != null) {
                carrier.setHeader(name, value);
            }
        });
        return builder.build();
    }

    private static HttpRequest redirected(HttpRequest previous, URI target, int status) {
        boolean asGet = status == 303 || ((status == 301 || status == 302) && previous.method().equals("POST"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target);
        previous.timeout().ifPresent(builder::timeout);
        boolean sameOrigin = origin(target).equals(origin(previous.uri()));
        previous.headers().map().forEach((name, values) -> {
            boolean drop = (!sameOrigin && !CROSS_ORIGIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
                    || (asGet && (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")));
            if (!drop) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (asGet) {
            builder.GET();
        } else {
            builder.method(previous.method(), previous.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
        }
        return builder.build();
    }

    private static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getScheme() + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String clip(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** A redirect's body does not matter, and is not read: closing the stream drops it however long it is. */
    private static void close(HttpResponse<?> response) {
        if (response.body() instanceof java.io.Closeable stream) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing to do with a body nobody reads
            }
        }
    }

    /** Addresses a tenant's call must not reach unless allowed. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                    // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19))   // benchmarking
                    || first >= 240;                               // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7 (AWS metadata's fd00:ec2::254 among them)
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return true; // deprecated site-local fec0::/10
            }
            InetAddress embedded = embeddedIpv4(b);
            return embedded != null && internal(embedded);
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-compatible, IPv4-mapped, 6to4 or NAT64 IPv6 address. */
    private static @Nullable InetAddress embeddedIpv4(byte[] b) {
        try {
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]});
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            }
            return null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isLiteral(String text) {
        return text.matches("[0-9.]+") && text.chars().filter(c -> c == '.').count() == 3 || text.contains(":");
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("FLOWMETER_EGRESS_ALLOW: '" + text + "' is not an address", e);
        }
    }
}
