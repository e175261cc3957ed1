package io.flowmeter.trigger.webhook;

import org.jspecify.annotations.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies webhook signatures the way each sender documents them, with HMAC-SHA256 from the JDK and constant-time
 * comparison ({@link MessageDigest#isEqual}):
 * <ul>
 *   <li>{@code standard}: Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 *       = space-separated {@code v1,<base64>} over {@code id.timestamp.body}, secret {@code whsec_<base64 key>})</li>
 *   <li>{@code github}: {@code X-Hub-Signature-256: sha256=<hex>} over the body, with the delivery id
 *       {@code X-GitHub-Delivery} present</li>
 *   <li>{@code stripe}: {@code Stripe-Signature: t=<unix>,v1=<hex>} over {@code t.body}, the secret used as is</li>
 *   <li>{@code hmac}: the body's HMAC-SHA256 in a named header, hex or base64 (an optional {@code sha256=} prefix
 *       is ignored)</li>
 * </ul>
 * Timestamps outside the tolerance are rejected. The message id each scheme yields lets the caller reject replays: it
 * is always made of signed content, so a captured request cannot be made new by changing what the signature does not
 * cover (GitHub's delivery header, the case of a hex signature). Standard Webhooks signs its {@code webhook-id}; the
 * other schemes are identified by the signature bytes themselves, which stand for the signed content.
 */
public final class WebhookSignatures {

    public enum Scheme { NONE, STANDARD, GITHUB, STRIPE, HMAC }

    /** How to check one webhook's requests. */
    public record Check(Scheme scheme, @Nullable String secret, @Nullable String header, String encoding, Duration tolerance) {
    }

    /** The request was signed by the holder of the secret; {@code messageId} identifies it for replay checks. */
    public record Verified(@Nullable String messageId) {
    }

    /** Why a request was refused. The message is safe to send back (it names no secret). */
    public static final class Rejected extends Exception {
        public Rejected(String message) {
            super(message);
        }
    }

    private WebhookSignatures() {
    }

    /** @param headers request headers, names lower-cased, first value each */
    public static Verified verify(Check check, Map<String, String> headers, byte[] body, Instant now) throws Rejected {
        return switch (check.scheme()) {
            case NONE -> new Verified(null);
            case STANDARD -> standard(check, headers, body, now);
            case GITHUB -> github(check, headers, body);
            case STRIPE -> stripe(check, headers, body, now);
            case HMAC -> hmac(check, headers, body);
        };
    }

    private static Verified standard(Check check, Map<String, String> headers, byte[] body, Instant now) throws Rejected {
        String id = require(headers, "webhook-id");
        String timestamp = require(headers, "webhook-timestamp");
        String signatures = require(headers, "webhook-signature");
        checkTimestamp(timestamp, check.tolerance(), now);
        String secret = secret(check);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
        } catch (IllegalArgumentException e) {
            throw new Rejected("The webhook's signing secret is not a Standard Webhooks secret (whsec_ followed by base64)");
        }
        byte[] expected = hmac(key, concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
        for (String candidate : signatures.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")
                    && MessageDigest.isEqual(expected, decodeBase64(candidate.substring(comma + 1)))) {
                return new Verified("standard:" + id);
            }
        }
        throw new Rejected("Signature does not match");
    }

    private static Verified github(Check check, Map<String, String> headers, byte[] body) throws Rejected {
        String signature = require(headers, "x-hub-signature-256");
        if (!signature.startsWith("sha256=")) {
            throw new Rejected("X-Hub-Signature-256 must start with sha256=");
        }
        byte[] expected = hmac(secret(check).getBytes(StandardCharsets.UTF_8), body);
        if (!MessageDigest.isEqual(expected, decodeHex(signature.substring("sha256=".length())))) {
            throw new Rejected("Signature does not match");
        }
        require(headers, "x-github-delivery");
        // the delivery header is not signed: anyone replaying a captured request can set a fresh one
        return new Verified("github:" + HexFormat.of().formatHex(expected));
    }

    private static Verified stripe(Check check, Map<String, String> headers, byte[] body, Instant now) throws Rejected {
        String header = require(headers, "stripe-signature");
        String timestamp = null;
        java.util.List<String> v1 = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                if (name.equals("t")) {
                    timestamp = value;
                } else if (name.equals("v1")) {
                    v1.add(value);
                }
            }
        }
        if (timestamp == null || v1.isEmpty()) {
            throw new Rejected("Stripe-Signature needs t= and v1=");
        }
        checkTimestamp(timestamp, check.tolerance(), now);
        byte[] expected = hmac(secret(check).getBytes(StandardCharsets.UTF_8),
                concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
        for (String candidate : v1) {
            if (MessageDigest.isEqual(expected, decodeHex(candidate))) {
                // the bytes, not the hex as sent: upper or mixed case would otherwise name the same delivery anew
                return new Verified("stripe:" + HexFormat.of().formatHex(expected));
            }
        }
        throw new Rejected("Signature does not match");
    }

    private static Verified hmac(Check check, Map<String, String> headers, byte[] body) throws Rejected {
        String name = check.header() == null ? "x-signature" : check.header().toLowerCase(Locale.ROOT);
        String signature = require(headers, name);
        if (signature.regionMatches(true, 0, "sha256=", 0, 7)) {
            signature = signature.substring(7);
        }
        byte[] given = "base64".equals(check.encoding()) ? decodeBase64(signature) : decodeHex(signature);
        byte[] expected = hmac(secret(check).getBytes(StandardCharsets.UTF_8), body);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Rejected("Signature does not match");
        }
        return new Verified("hmac:" + HexFormat.of().formatHex(expected));
    }

    /** HMAC-SHA256. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static void checkTimestamp(String timestamp, Duration tolerance, Instant now) throws Rejected {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Rejected("The signature timestamp is not a number of seconds");
        }
        long difference;
        try {
            difference = Math.subtractExact(now.getEpochSecond(), seconds);
        } catch (ArithmeticException e) {
            // e.g. now - 2^63: plain subtraction wraps to Long.MIN_VALUE, whose Math.abs is negative and would pass
            difference = Long.MAX_VALUE;
        }
        if (difference > tolerance.toSeconds() || difference < -tolerance.toSeconds()) {
            throw new Rejected("The signature timestamp is outside the tolerance of " + tolerance.toSeconds() + " s");
        }
    }

    private static String require(Map<String, String> headers, String name) throws Rejected {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new Rejected("Missing the " + name + " header");
        }
        return value;
    }

    private static String secret(Check check) throws Rejected {
        if (check.secret() == null || check.secret().isEmpty()) {
            throw new Rejected("The webhook has no signing secret");
        }
        return check.secret();
    }

    private static byte[] decodeHex(String value) {
        try {
            return HexFormat.of().parseHex(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
