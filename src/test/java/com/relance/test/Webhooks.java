package com.relance.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.relance.system.WebhookSignature;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Posts to Relance's signed webhooks as a provider would, anonymously, signed or not. */
public final class Webhooks {

    private Webhooks() {
    }

    /** Signed with {@code secret} now. */
    public static ResponseEntity<Map<String, Object>> post(TestRestTemplate rest, String path, String secret, String body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return post(rest, path, timestamp, WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)), body);
    }

    /** With these headers exactly; null leaves a header out. */
    public static ResponseEntity<Map<String, Object>> post(TestRestTemplate rest, String path, String timestamp,
                                                           String signature, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (timestamp != null) {
            headers.set(WebhookSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            headers.set(WebhookSignature.SIGNATURE_HEADER, signature);
        }
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), Fixtures.JSON);
    }
}
