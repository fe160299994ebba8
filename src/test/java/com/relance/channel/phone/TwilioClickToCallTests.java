package com.relance.channel.phone;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Click-to-call: Twilio (WireMock here) is asked to ring the caller's own phone and bridge them to the prospect;
 * when it refuses or fails, the caller is told why and nothing changes.
 */
class TwilioClickToCallTests extends TwilioTestContext {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    PhoneCalls calls;

    @Test
    void clickToCallAsksTwilioToRingTheCallerAndBridgeThemToTheProspect() {
        // given a caller with their phone in their profile and a call task of a campaign with its own caller ID
        String caller = newCaller("06 98 76 54 32");
        CallTask task = callTask(caller, Map.of("callerId", "+33970000000"));
        String sid = newCallSid();
        twilioCreatesCall(sid);

        // when they click "call"
        Dialer.DialResult result = dialer.dial(task.request());

        // then Twilio was asked once, exactly so, as our account
        List<LoggedRequest> requests = TWILIO.findAll(postRequestedFor(urlPathEqualTo(CALLS_PATH)));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo(CALLS_PATH);
        assertThat(request.getHeader("Host")).isEqualTo("api.twilio.com");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(form(request.getBodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "To", List.of("+33698765432"),
                "From", List.of("+33970000000"),
                "Url", List.of(PUBLIC_URL + "/twilio/twiml/bridge/" + task.touchKey()),
                "StatusCallback", List.of(PUBLIC_URL + "/webhooks/twilio/status"),
                "StatusCallbackEvent", List.of("initiated", "ringing", "answered", "completed")));

        // and the caller is told to pick up; the call is recorded and its SID is on the touch
        assertThat(result.mode()).isEqualTo(Dialer.DialResult.Mode.TWILIO);
        assertThat(result.callSid()).isEqualTo(sid);
        assertThat(result.message()).contains("+33698765432").contains("rings");
        PhoneCall call = calls.find(sid).orElseThrow();
        assertThat(call.touchKey()).isEqualTo(task.touchKey());
        assertThat(call.taskId()).isEqualTo(task.taskId());
        assertThat(call.prospectId()).isEqualTo(task.prospectId());
        assertThat(call.campaignId()).isEqualTo(task.campaignId());
        assertThat(call.caller()).isEqualTo(caller);
        assertThat(call.status()).isEqualTo("queued");
        assertThat(call.createdAt()).isNotNull();
        assertThat(calls.ofTouch(task.touchKey())).extracting(PhoneCall::id).containsExactly(sid);
        Touch touch = mongo.findById(task.touchKey(), Touch.class);
        assertThat(touch.providerReference()).isEqualTo(sid);
        assertThat(touch.caller()).isEqualTo(caller);
    }

    @Test
    void withoutACampaignCallerIdTheGlobalOneIsUsed() {
        CallTask task = callTask(newCaller("+33698765432"), Map.of());
        twilioCreatesCall(newCallSid());

        dialer.dial(task.request());

        LoggedRequest request = TWILIO.findAll(postRequestedFor(urlPathEqualTo(CALLS_PATH))).get(0);
        assertThat(form(request.getBodyAsString())).containsEntry("From", List.of(GLOBAL_CALLER_ID));
    }

    @Test
    void whenTwilioRefusesTheCallTheCallerIsToldWhyAndNothingChanges() {
        // given Twilio answers 400 with its error 21211
        CallTask task = callTask(newCaller("+33698765432"), Map.of());
        TWILIO.stubFor(post(urlPathEqualTo(CALLS_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"code": 21211, "message": "The 'To' number +33698765432 is not a valid phone number.",
                         "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""")));

        // when the caller clicks "call"
        Dialer.DialResult result = dialer.dial(task.request());

        // then they read Twilio's reason, and no call, touch or task changed
        assertThat(result.callSid()).isNull();
        assertThat(result.message()).startsWith("Twilio refused the call:").contains("not a valid phone number")
                .contains("21211");
        assertNothingChanged(task);
    }

    @Test
    void whenTwilioFailsTheCallerIsToldToTryAgainAndNothingChanges() {
        CallTask task = callTask(newCaller("+33698765432"), Map.of());

        // a server error (the SDK retries it, then gives up) ...
        TWILIO.stubFor(post(urlPathEqualTo(CALLS_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html>Service Unavailable</html>")));
        Dialer.DialResult serverError = dialer.dial(task.request());

        assertThat(serverError.callSid()).isNull();
        assertThat(serverError.message()).isEqualTo("Twilio could not place the call right now: try again in a "
                + "moment, or dial +33612345678 from your phone.");
        assertNothingChanged(task);

        // ... and a broken connection
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(CALLS_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Dialer.DialResult networkError = dialer.dial(task.request());

        assertThat(networkError.callSid()).isNull();
        assertThat(networkError.message()).startsWith("Twilio could not place the call right now");
        assertNothingChanged(task);
    }

    @Test
    void whenTwilioRefusesOurCredentialsTheCallerIsToldToAskAnAdministrator() {
        CallTask task = callTask(newCaller("+33698765432"), Map.of());
        TWILIO.stubFor(post(urlPathEqualTo(CALLS_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003",
                         "status": 401}""")));

        Dialer.DialResult result = dialer.dial(task.request());

        assertThat(result.callSid()).isNull();
        assertThat(result.message()).contains("credentials").contains("administrator").doesNotContain(AUTH_TOKEN);
        assertNothingChanged(task);
    }

    @Test
    void aCallerWithoutAPhoneInTheirProfileIsToldToAddOneAndTwilioIsNotCalled() {
        CallTask task = callTask(newCaller(null), Map.of());
        twilioCreatesCall(newCallSid());

        Dialer.DialResult result = dialer.dial(task.request());

        assertThat(result.callSid()).isNull();
        assertThat(result.message()).contains("your profile has no phone number").contains("/api/users/me/phone");
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(CALLS_PATH)))).isEmpty();
        assertNothingChanged(task);
    }

    @Test
    void callersSetTheirOwnPhoneAndGetItBackInE164() {
        String caller = newCaller(null);
        assertThat(Api.as(rest, caller).exchange("/api/users/me/phone", HttpMethod.GET, null, Fixtures.JSON).getBody())
                .containsEntry("phone", null);

        ResponseEntity<Map<String, Object>> set = Api.as(rest, caller).exchange("/api/users/me/phone", HttpMethod.PUT,
                new HttpEntity<>(Map.of("phone", "06 98 76 54 32")), Fixtures.JSON);
        ResponseEntity<Map<String, Object>> invalid = Api.as(rest, caller).exchange("/api/users/me/phone",
                HttpMethod.PUT, new HttpEntity<>(Map.of("phone", "12")), Fixtures.JSON);
        ResponseEntity<String> anonymous = rest.exchange("/api/users/me/phone", HttpMethod.PUT,
                new HttpEntity<>(Map.of("phone", "+33698765432")), String.class);

        assertThat(set.getBody()).containsEntry("phone", "+33698765432");
        assertThat(identity.getUserInfo(caller, "phone")).isEqualTo("+33698765432");
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getBody().get("detail")).asString().startsWith("phone: '12' is not a valid phone number");
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(Api.as(rest, caller).exchange("/api/users/me/phone", HttpMethod.GET, null, Fixtures.JSON).getBody())
                .containsEntry("phone", "+33698765432");
    }

    @Test
    void aCampaignCallerIdMustBeE164() {
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/campaigns", HttpMethod.POST, new HttpEntity<>(Map.of("name", "Bad caller ID",
                        "sequence", PROCESS, "sender", Map.of("name", "C", "email", "c@relance.test"),
                        "callerId", "01 80 00 00 00")), Fixtures.JSON);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(created.getBody().toString()).contains("callerId");
    }

    private void assertNothingChanged(CallTask task) {
        assertThat(calls.ofTouch(task.touchKey())).isEmpty();
        assertThat(tasks.createTaskQuery().taskId(task.taskId()).singleResult()).as("the task stays open").isNotNull();
        Touch touch = mongo.findById(task.touchKey(), Touch.class);
        assertThat(touch.providerReference()).isNull();
        assertThat(touch.caller()).isNull();
        assertThat(touch.outcome()).isNull();
    }

    /** An {@code application/x-www-form-urlencoded} body, each name with its values in order. */
    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), name -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
