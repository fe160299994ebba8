package com.relance.channel.phone;

import java.util.LinkedHashMap;
import java.util.Map;

import com.relance.touch.Touch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Twilio asks us during a call: the TwiML that bridges the caller to the prospect, and the status
 * callbacks. Only requests signed with our auth token are served.
 */
class TwilioWebhookTests extends TwilioTestContext {

    private static final String STATUS = "/webhooks/twilio/status";

    @Autowired
    MongoTemplate mongo;
    @Autowired
    PhoneCalls calls;

    @Test
    void theBridgeDialsTheProspectShowingTheCampaignsCallerId() {
        String sid = newCallSid();
        CallTask call = placedCall(sid, Map.of("callerId", "+33970000000"));

        // when the caller answers, Twilio asks what to do
        ResponseEntity<String> twiml = postSigned(bridge(call), Map.of("CallSid", sid, "AccountSid", ACCOUNT_SID,
                "CallStatus", "in-progress", "Direction", "outbound-api"));

        assertThat(twiml.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(twiml.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_XML)).isTrue();
        assertThat(twiml.getBody()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Response><Dial callerId=\"+33970000000\"><Number>+33612345678</Number></Dial></Response>");
    }

    @Test
    void withRecordingOnTheBridgeSaysTheNoticeFirstAndRecordsBothSides() {
        String sid = newCallSid();
        CallTask call = placedCall(sid, Map.of("recordCalls", true));

        ResponseEntity<String> twiml = postSigned(bridge(call), Map.of("CallSid", sid, "CallStatus", "in-progress"));
        ResponseEntity<String> notice = postSigned("/twilio/twiml/notice", Map.of("CallSid", newCallSid(),
                "ParentCallSid", sid));

        // the caller hears the notice, then the prospect hears it on answering (Number url), then both are recorded
        assertThat(twiml.getBody()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say>" + NOTICE + "</Say>"
                + "<Dial callerId=\"" + GLOBAL_CALLER_ID + "\" record=\"record-from-answer-dual\""
                + " recordingStatusCallback=\"" + PUBLIC_URL + STATUS + "\">"
                + "<Number url=\"" + PUBLIC_URL + "/twilio/twiml/notice\">+33612345678</Number>"
                + "</Dial></Response>");
        assertThat(notice.getBody()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say>" + NOTICE + "</Say></Response>");
    }

    @Test
    void signedStatusCallbacksUpdateTheCallAndCompletedGivesTheTouchItsDuration() {
        String sid = newCallSid();
        CallTask call = placedCall(sid, Map.of("recordCalls", true));

        // when Twilio reports the call's life, then its recording
        for (String status : new String[] {"initiated", "ringing", "in-progress"}) {
            assertThat(postSigned(STATUS, callback(sid, status)).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        }
        Map<String, String> completed = callback(sid, "completed");
        completed.put("CallDuration", "42");
        assertThat(postSigned(STATUS, completed).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        String recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/RE0123456789abcdef0123456789abcdef";
        assertThat(postSigned(STATUS, Map.of("AccountSid", ACCOUNT_SID, "CallSid", sid,
                "RecordingSid", "RE0123456789abcdef0123456789abcdef", "RecordingUrl", recordingUrl,
                "RecordingStatus", "completed", "RecordingDuration", "35", "RecordingChannels", "2")).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        // a late duplicate does not revive a finished call
        assertThat(postSigned(STATUS, callback(sid, "ringing")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        // then the call record holds it all, and the touch its duration
        PhoneCall stored = calls.find(sid).orElseThrow();
        assertThat(stored.status()).isEqualTo("completed");
        assertThat(stored.durationSeconds()).isEqualTo(42);
        assertThat(stored.recordingUrl()).isEqualTo(recordingUrl);
        assertThat(stored.events()).extracting(PhoneCall.StatusEvent::status)
                .containsExactly("initiated", "ringing", "in-progress", "completed", "ringing");
        assertThat(stored.events()).allSatisfy(event -> assertThat(event.at()).isNotNull());
        assertThat(mongo.findById(call.touchKey(), Touch.class).durationSeconds()).isEqualTo(42);
    }

    @Test
    void unsignedOrTamperedRequestsGet403AndChangeNothing() {
        String sid = newCallSid();
        CallTask call = placedCall(sid, Map.of());
        Map<String, String> completed = callback(sid, "completed");
        completed.put("CallDuration", "42");
        String signature = twilioSignature(PUBLIC_URL + STATUS, completed);
        Map<String, String> tampered = new LinkedHashMap<>(completed);
        tampered.put("CallDuration", "4200");

        assertThat(postAsTwilio(STATUS, completed, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postAsTwilio(STATUS, tampered, signature).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postAsTwilio(STATUS, completed, "bm90IGEgc2lnbmF0dXJl").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // signed for another address than relance.public-url
        assertThat(postAsTwilio(STATUS, completed, twilioSignature("https://attacker.example.com" + STATUS, completed))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postAsTwilio(bridge(call), Map.of("CallSid", sid), null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postAsTwilio("/twilio/twiml/notice", Map.of("CallSid", sid), "bm90IGEgc2lnbmF0dXJl").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        PhoneCall stored = calls.find(sid).orElseThrow();
        assertThat(stored.status()).isEqualTo("queued");
        assertThat(stored.events()).isEmpty();
        assertThat(stored.durationSeconds()).isNull();
        assertThat(mongo.findById(call.touchKey(), Touch.class).durationSeconds()).isNull();
    }

    @Test
    void aCallbackForAnUnknownCallIs404AndChangesNothing() {
        String unknown = newCallSid();
        Map<String, String> completed = callback(unknown, "completed");
        completed.put("CallDuration", "42");

        assertThat(postSigned(STATUS, completed).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(calls.find(unknown)).isEmpty();
        assertThat(postSigned("/twilio/twiml/bridge/no-such-touch", Map.of("CallSid", unknown)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static String bridge(CallTask call) {
        return "/twilio/twiml/bridge/" + call.touchKey();
    }

    /** A status callback as Twilio posts it. */
    private static Map<String, String> callback(String sid, String status) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccountSid", ACCOUNT_SID);
        parameters.put("ApiVersion", "2010-04-01");
        parameters.put("CallSid", sid);
        parameters.put("CallStatus", status);
        parameters.put("Called", "+33698765432");
        parameters.put("Caller", GLOBAL_CALLER_ID);
        parameters.put("Direction", "outbound-api");
        parameters.put("From", GLOBAL_CALLER_ID);
        parameters.put("To", "+33698765432");
        parameters.put("Timestamp", "Tue, 16 Mar 2027 10:15:00 +0000");
        parameters.put("CallbackSource", "call-progress-events");
        parameters.put("SequenceNumber", String.valueOf(switch (status) {
            case "initiated" -> 0;
            case "ringing" -> 1;
            case "in-progress" -> 2;
            default -> 3;
        }));
        return parameters;
    }
}
