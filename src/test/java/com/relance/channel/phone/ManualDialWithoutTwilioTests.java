package com.relance.channel.phone;

import java.util.Map;

import com.relance.test.RelanceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Without Twilio configuration, callers dial by hand and Twilio's addresses accept nothing. */
@RelanceTest
class ManualDialWithoutTwilioTests {

    @Autowired
    Dialer dialer;
    @Autowired
    PhoneCalls calls;
    @Autowired
    TestRestTemplate rest;

    @Test
    void withoutTwilioTheCallerGetsATelLink() {
        Dialer.DialResult result = dialer.dial(new Dialer.CallRequest("task-1", "instance:coldCall:1", "caller",
                "prospect-1", "campaign-1", "+33612345678"));

        assertThat(result.mode()).isEqualTo(Dialer.DialResult.Mode.MANUAL);
        assertThat(result.telUri()).isEqualTo("tel:+33612345678");
        assertThat(result.callSid()).isNull();
        assertThat(result.message()).isEqualTo("Dial +33612345678 from your phone");
        assertThat(calls.ofTouch("instance:coldCall:1")).isEmpty();
    }

    @Test
    void withoutAnAuthTokenNoTwilioRequestCanBeVerifiedSoNoneIsAccepted() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.set("X-Twilio-Signature", "c29tZXRoaW5n");
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Map.of("CallSid", "CA0123", "CallStatus", "completed").forEach(form::add);

        assertThat(rest.exchange("/webhooks/twilio/status", HttpMethod.POST, new HttpEntity<>(form, headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.exchange("/twilio/twiml/bridge/any", HttpMethod.POST, new HttpEntity<>(form, headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
