package com.relance.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signature of Relance's inbound webhooks ({@code /webhooks/linkedin}, {@code /webhooks/meetings}):
 * {@code X-Relance-Timestamp: <unix seconds>} and {@code X-Relance-Signature: sha256=<hex>}, the HMAC-SHA256
 * with the shared secret of {@code <timestamp>.<raw body>}. A timestamp more than {@link #TOLERANCE} away from
 * now is refused, so a captured request cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Relance-Signature";
    public static final String TIMESTAMP_HEADER = "X-Relance-Timestamp";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The {@code X-Relance-Signature} value for this timestamp and body. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Checks a webhook request: returns its body (empty when there was none) or throws a {@code 401} problem
     * saying what is wrong, before anything is read or changed.
     */
    public static byte[] verified(String secret, String timestamp, String signature, byte[] body, Instant now) {
        byte[] raw = body == null ? new byte[0] : body;
        problem(secret, timestamp, signature, raw, now).ifPresent(problem -> {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, problem);
        });
        return raw;
    }

    /** Why the request must be refused, or empty when it is signed with {@code secret} and fresh. */
    public static Optional<String> problem(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (secret == null || secret.isBlank()) {
            return Optional.of("this webhook has no shared secret configured: every request is refused");
        }
        if (timestamp == null || signature == null) {
            return Optional.of("missing " + TIMESTAMP_HEADER + " or " + SIGNATURE_HEADER + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of(TIMESTAMP_HEADER + " must be Unix seconds");
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            return Optional.of(TIMESTAMP_HEADER + " is more than " + TOLERANCE.toMinutes() + " minutes away from now");
        }
        byte[] expected = sign(secret, timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison does not tell how many leading characters were right
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(SIGNATURE_HEADER + " does not match the body");
        }
        return Optional.empty();
    }
}
