package io.flowmeter.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop HTTP/1.1 load at a fixed rate, cheap enough to share two cores with the app it measures (the JDK's
 * HttpClient could not offer 1,000 requests/s here even to a 404). Request i is due at start + i/rate; each of a
 * pool of senders takes the next due request on its own keep-alive connection, and a request's latency is counted
 * from when it was due, not from when a sender got to it, so a server that falls behind shows in the figures
 * (no coordinated omission).
 */
final class OpenLoopLoad {

    /**
     * {@code bodies}: of the 2xx answers. {@code byDue[i]}: the latency of the i-th request (in order of when it was due), -1 when it
     * failed; {@code bodyByDue[i]} its 2xx answer (null otherwise). Request i was due at {@code startEpochNanos + i / rate} on the wall clock.
     */
    record Result(int sent, Map<Integer, AtomicInteger> statuses, int failures, List<Long> latenciesNanos, long elapsedNanos,
                  List<String> bodies, java.util.concurrent.atomic.AtomicLongArray byDue,
                  java.util.concurrent.atomic.AtomicReferenceArray<String> bodyByDue, long startEpochNanos, long intervalNanos) {

        /** When request i was due, on the wall clock. */
        java.time.Instant due(int i) {
            long at = startEpochNanos + i * intervalNanos;
            return java.time.Instant.ofEpochSecond(0, at);
        }
    }

    private OpenLoopLoad() {
    }

    static Result run(URI url, String body, int rate, int seconds, int senders) throws InterruptedException {
        return run(url, body, "", rate, seconds, senders);
    }

    /** {@code headers}: extra header lines, each ending in CRLF (e.g. an Authorization header). */
    static Result run(URI url, String body, String headers, int rate, int seconds, int senders) throws InterruptedException {
        byte[] request = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n" + headers
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        int total = rate * seconds;
        long start = System.nanoTime() + 50_000_000L;
        java.time.Instant wall = java.time.Instant.now();
        long startEpochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() + 50_000_000L;
        long interval = 1_000_000_000L / rate;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        List<String> bodies = Collections.synchronizedList(new ArrayList<>(total));
        AtomicLong lastDone = new AtomicLong(start);
        var byDue = new java.util.concurrent.atomic.AtomicLongArray(total);
        var bodyByDue = new java.util.concurrent.atomic.AtomicReferenceArray<String>(total);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            Thread thread = new Thread(() -> {
                Connection connection = null;
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(url);
                        }
                        Response response = connection.send(request);
                        if (response.closing()) {
                            connection.close();
                            connection = null;
                        }
                        long done = System.nanoTime();
                        latencies.add(done - due);
                        byDue.set(i, done - due);
                        lastDone.accumulateAndGet(done, Math::max);
                        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.status() / 100 == 2) {
                            bodies.add(response.body());
                            bodyByDue.set(i, response.body());
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        byDue.set(i, -1);
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            }, "load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(total, statuses, failures.get(), latencies, lastDone.get() - start, bodies, byDue, bodyByDue, startEpochNanos, interval);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Response(int status, String body, boolean closing) {
    }

    /** One keep-alive connection: writes a request, reads the status line, headers and a Content-Length body. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI url) throws IOException {
            socket = new Socket(url.getHost(), url.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        Response send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = 0;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true; // Tomcat ends a keep-alive connection after 100 requests
                }
            }
            StringBuilder body = new StringBuilder();
            if (chunked) {
                for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                    body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    line();
                }
                line();
            } else {
                body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            return new Response(status, body.toString(), closing);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c == -1 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
