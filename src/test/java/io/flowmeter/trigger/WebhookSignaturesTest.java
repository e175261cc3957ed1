package io.flowmeter.trigger;

import io.flowmeter.trigger.webhook.WebhookSignatures;
import io.flowmeter.trigger.webhook.WebhookSignatures.Check;
import io.flowmeter.trigger.webhook.WebhookSignatures.Rejected;
import io.flowmeter.trigger.webhook.WebhookSignatures.Scheme;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signature schemes against the senders' published examples, round trips, tampering and timestamp tolerance. */
class WebhookSignaturesTest {

    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void githubsPublishedExample() throws Exception {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        var check = new Check(Scheme.GITHUB, "It's a Secret to Everybody", null, "hex", FIVE_MINUTES);
        var headers = Map.of("x-hub-signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(WebhookSignatures.verify(check, headers, bytes("Hello, World!"), Instant.now()).messageId())
                .isEqualTo("github:757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, headers, bytes("Hello, World?"), Instant.now()))
                .isInstanceOf(Rejected.class).hasMessage("Signature does not match");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, Map.of(), bytes("Hello, World!"), Instant.now()))
                .hasMessageContaining("x-hub-signature-256");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, Map.of("x-hub-signature-256", "sha1=abc"), bytes("x"), Instant.now()))
                .hasMessageContaining("sha256=");
    }

    @Test
    void standardWebhooksPublishedExample() throws Exception {
        // the example of the Standard Webhooks specification (and Svix's documentation)
        var check = new Check(Scheme.STANDARD, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, "base64", FIVE_MINUTES);
        var headers = Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        Instant then = Instant.ofEpochSecond(1614265330 + 10);
        assertThat(WebhookSignatures.verify(check, headers, bytes("{\"test\": 2432232314}"), then).messageId())
                .isEqualTo("standard:msg_p5jXN8AQM9LWM0D4loKWxJek");
        // several signatures (a rotated secret): any v1 that matches will do
        var rotated = Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,bm9wZQ== v1a,xyz v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(WebhookSignatures.verify(check, rotated, bytes("{\"test\": 2432232314}"), then)).isNotNull();
        // outside the tolerance, either way
        assertThatThrownBy(() -> WebhookSignatures.verify(check, headers, bytes("{\"test\": 2432232314}"), then.plusSeconds(400)))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, headers, bytes("{\"test\": 2432232314}"), then.minusSeconds(400)))
                .hasMessageContaining("tolerance");
        // the id and timestamp are signed too
        var otherId = Map.of("webhook-id", "msg_other", "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, otherId, bytes("{\"test\": 2432232314}"), then))
                .hasMessage("Signature does not match");
    }

    @Test
    void stripeRoundTripToleranceAndTampering() throws Exception {
        String secret = "whsec_test_secret";
        long t = 1_700_000_000L;
        String body = "{\"id\": \"evt_1\", \"type\": \"payment_intent.succeeded\"}";
        String v1 = HexFormat.of().formatHex(WebhookSignatures.hmac(bytes(secret), bytes(t + "." + body)));
        var check = new Check(Scheme.STRIPE, secret, null, "hex", FIVE_MINUTES);
        var headers = Map.of("stripe-signature", "t=" + t + ",v1=" + v1 + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39");
        Instant now = Instant.ofEpochSecond(t + 60);
        assertThat(WebhookSignatures.verify(check, headers, bytes(body), now).messageId()).isEqualTo("stripe:" + v1);
        assertThatThrownBy(() -> WebhookSignatures.verify(check, headers, bytes(body + " "), now)).hasMessage("Signature does not match");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, headers, bytes(body), Instant.ofEpochSecond(t + 301)))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> WebhookSignatures.verify(check, Map.of("stripe-signature", "v1=" + v1), bytes(body), now))
                .hasMessageContaining("t= and v1=");
        var wrongSecret = new Check(Scheme.STRIPE, "whsec_other", null, "hex", FIVE_MINUTES);
        assertThatThrownBy(() -> WebhookSignatures.verify(wrongSecret, headers, bytes(body), now)).hasMessage("Signature does not match");
    }

    @Test
    void genericHmacInHexOrBase64() throws Exception {
        byte[] mac = WebhookSignatures.hmac(bytes("s3cret"), bytes("payload"));
        var hex = new Check(Scheme.HMAC, "s3cret", "X-Signature", "hex", FIVE_MINUTES);
        assertThat(WebhookSignatures.verify(hex, Map.of("x-signature", HexFormat.of().formatHex(mac)), bytes("payload"), Instant.now())).isNotNull();
        assertThat(WebhookSignatures.verify(hex, Map.of("x-signature", "sha256=" + HexFormat.of().formatHex(mac).toUpperCase()),
                bytes("payload"), Instant.now())).isNotNull();
        var base64 = new Check(Scheme.HMAC, "s3cret", "X-Body-Signature", "base64", FIVE_MINUTES);
        assertThat(WebhookSignatures.verify(base64, Map.of("x-body-signature", Base64.getEncoder().encodeToString(mac)),
                bytes("payload"), Instant.now())).isNotNull();
        assertThatThrownBy(() -> WebhookSignatures.verify(base64, Map.of("x-body-signature", "not base64!"), bytes("payload"), Instant.now()))
                .hasMessage("Signature does not match");
        assertThatThrownBy(() -> WebhookSignatures.verify(hex, Map.of("x-signature", HexFormat.of().formatHex(mac)), bytes("payload!"), Instant.now()))
                .hasMessage("Signature does not match");
        var noSecret = new Check(Scheme.HMAC, "", "X-Signature", "hex", FIVE_MINUTES);
        assertThatThrownBy(() -> WebhookSignatures.verify(noSecret, Map.of("x-signature", "00"), bytes("payload"), Instant.now()))
                .hasMessageContaining("no signing secret");
        assertThat(WebhookSignatures.verify(new Check(Scheme.NONE, null, null, "hex", FIVE_MINUTES), Map.of(), bytes("x"), Instant.now())
                .messageId()).isNull();
    }

    @Test
    void stripeNamesADeliveryByItsSignatureBytesWhateverTheCaseOfTheHex() throws Exception {
        String secret = "whsec_test_secret";
        long t = 1_700_000_000L;
        String body = "{\"id\": \"evt_2\"}";
        String v1 = HexFormat.of().formatHex(WebhookSignatures.hmac(bytes(secret), bytes(t + "." + body)));
        var check = new Check(Scheme.STRIPE, secret, null, "hex", FIVE_MINUTES);
        Instant now = Instant.ofEpochSecond(t);
        String id = WebhookSignatures.verify(check, Map.of("stripe-signature", "t=" + t + ",v1=" + v1), bytes(body), now).messageId();
        String mixed = v1.substring(0, 32).toUpperCase() + v1.substring(32);
        for (String sent : new String[]{v1.toUpperCase(), mixed}) {
            assertThat(WebhookSignatures.verify(check, Map.of("stripe-signature", "t=" + t + ",v1=" + sent), bytes(body), now).messageId())
                    .as(sent).isEqualTo(id);
        }
    }

    @Test
    void githubNeedsTheDeliveryHeaderAndNamesADeliveryByWhatIsSignedNotByThatHeader() throws Exception {
        var check = new Check(Scheme.GITHUB, "It's a Secret to Everybody", null, "hex", FIVE_MINUTES);
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThatThrownBy(() -> WebhookSignatures.verify(check, Map.of("x-hub-signature-256", signature), bytes("Hello, World!"), Instant.now()))
                .isInstanceOf(Rejected.class).hasMessageContaining("x-github-delivery");
        String first = WebhookSignatures.verify(check, Map.of("x-hub-signature-256", signature, "x-github-delivery", "a"),
                bytes("Hello, World!"), Instant.now()).messageId();
        String freshDelivery = WebhookSignatures.verify(check, Map.of("x-hub-signature-256", signature.toUpperCase().replace("SHA256=", "sha256="),
                "x-github-delivery", "b"), bytes("Hello, World!"), Instant.now()).messageId();
        assertThat(freshDelivery).isNotNull().isEqualTo(first);
    }

    @Test
    void genericHmacNamesADeliveryByItsSignatureInEveryEncoding() throws Exception {
        byte[] mac = WebhookSignatures.hmac(bytes("s3cret"), bytes("payload"));
        var hex = new Check(Scheme.HMAC, "s3cret", "X-Signature", "hex", FIVE_MINUTES);
        var base64 = new Check(Scheme.HMAC, "s3cret", "X-Signature", "base64", FIVE_MINUTES);
        String id = WebhookSignatures.verify(hex, Map.of("x-signature", HexFormat.of().formatHex(mac)), bytes("payload"), Instant.now()).messageId();
        assertThat(id).isNotNull();
        assertThat(WebhookSignatures.verify(hex, Map.of("x-signature", "SHA256=" + HexFormat.of().formatHex(mac).toUpperCase()),
                bytes("payload"), Instant.now()).messageId()).isEqualTo(id);
        assertThat(WebhookSignatures.verify(base64, Map.of("x-signature", Base64.getEncoder().encodeToString(mac)),
                bytes("payload"), Instant.now()).messageId()).isEqualTo(id);
        byte[] other = WebhookSignatures.hmac(bytes("s3cret"), bytes("payload 2"));
        assertThat(WebhookSignatures.verify(hex, Map.of("x-signature", HexFormat.of().formatHex(other)), bytes("payload 2"), Instant.now())
                .messageId()).isNotEqualTo(id);
    }

    @Test
    void aTimestampTwoToTheSixtyThreeSecondsAgoIsOutsideTheTolerance() throws Exception {
        Instant now = Instant.now();
        // now - 2^63: "now - timestamp" wraps to Long.MIN_VALUE, whose Math.abs is negative
        String wrapped = String.valueOf(now.getEpochSecond() + Long.MIN_VALUE);
        String body = "{}";

        String stripeSecret = "whsec_test_secret";
        String v1 = HexFormat.of().formatHex(WebhookSignatures.hmac(bytes(stripeSecret), bytes(wrapped + "." + body)));
        assertThatThrownBy(() -> WebhookSignatures.verify(new Check(Scheme.STRIPE, stripeSecret, null, "hex", FIVE_MINUTES),
                Map.of("stripe-signature", "t=" + wrapped + ",v1=" + v1), bytes(body), now)).hasMessageContaining("tolerance");

        byte[] key = bytes("0123456789abcdef0123456789abcdef");
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(key);
        String signature = Base64.getEncoder().encodeToString(WebhookSignatures.hmac(key, bytes("msg_1." + wrapped + "." + body)));
        assertThatThrownBy(() -> WebhookSignatures.verify(new Check(Scheme.STANDARD, whsec, null, "base64", FIVE_MINUTES),
                Map.of("webhook-id", "msg_1", "webhook-timestamp", wrapped, "webhook-signature", "v1," + signature), bytes(body), now))
                .hasMessageContaining("tolerance");
        // and far in the future, where subtracting overflows the other way
        String future = String.valueOf(Long.MAX_VALUE);
        String v1Future = HexFormat.of().formatHex(WebhookSignatures.hmac(bytes(stripeSecret), bytes(future + "." + body)));
        assertThatThrownBy(() -> WebhookSignatures.verify(new Check(Scheme.STRIPE, stripeSecret, null, "hex", FIVE_MINUTES),
                Map.of("stripe-signature", "t=" + future + ",v1=" + v1Future), bytes(body), now)).hasMessageContaining("tolerance");
    }
}
