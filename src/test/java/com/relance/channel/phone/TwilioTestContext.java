package com.relance.channel.phone;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.relance.system.Groups;
import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application with Twilio configured, its REST API played by WireMock (started before the context, on a
 * free port), and a public URL of its own so that Twilio's signatures are computed on the address Twilio would
 * call. Test classes extending this share one context.
 */
@RelanceTest
@TestPropertySource(properties = {
        // a context of its own: keep the shared context's engine registered under its name
        "camunda.bpm.process-engine-name=twilio",
        "relance.public-url=https://relance.example.com",
        "relance.twilio.account-sid=" + TwilioTestContext.ACCOUNT_SID,
        "relance.twilio.auth-token=" + TwilioTestContext.AUTH_TOKEN,
        "relance.twilio.caller-id=" + TwilioTestContext.GLOBAL_CALLER_ID,
        "relance.twilio.recording-notice=" + TwilioTestContext.NOTICE
})
abstract class TwilioTestContext {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "f00dfacef00dfacef00dfacef00dface";
    static final String GLOBAL_CALLER_ID = "+33180000000";
    static final String NOTICE = "Cet appel est enregistré. This call is recorded.";
    static final String PUBLIC_URL = "https://relance.example.com";
    static final String CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json";
    static final String PROCESS = "twilioCallStep";

    static final WireMockServer TWILIO = new WireMockServer(options().dynamicPort());
    private static final AtomicInteger USERS = new AtomicInteger();

    static {
        TWILIO.start();
        Runtime.getRuntime().addShutdownHook(new Thread(TWILIO::stop));
    }

    @DynamicPropertySource
    static void twilioApi(DynamicPropertyRegistry registry) {
        registry.add("relance.twilio.api-base-url", () -> "http://localhost:" + TWILIO.port());
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    TaskService tasks;
    @Autowired
    Dialer dialer;

    @BeforeEach
    void resetTwilio() {
        TWILIO.resetAll();
        TestUsers.ensure(identity);
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("twilio-call-step.bpmn",
                Bpmn.createExecutableProcess(PROCESS).startEvent()
                        .userTask("coldCall").camundaFormKey("embedded:/forms/relance-call.html")
                        .camundaAssignee("${stepRouting.assignee(execution)}")
                        .camundaCandidateGroups("${stepRouting.callerGroup(execution)}")
                        .camundaDueDate("${stepRouting.callDue(execution)}")
                        .camundaInputParameter("script", "cold-call")
                        .camundaExecutionListenerDelegateExpression("start", "${callStep}")
                        .camundaExecutionListenerDelegateExpression("end", "${callStep}")
                        .endEvent().done()).deploy();
    }

    /** An open call task of a new prospect owned by a new caller. */
    record CallTask(String taskId, String touchKey, String caller, String prospectId, String campaignId,
                    String prospectPhone) {

        Dialer.CallRequest request() {
            return new Dialer.CallRequest(taskId, touchKey, caller, prospectId, campaignId, prospectPhone);
        }
    }

    /** A caller (group {@code callers}), with their phone set through the API when {@code phone} is not null. */
    String newCaller(String phone) {
        String id = "twilioCaller" + USERS.incrementAndGet();
        User user = identity.newUser(id);
        user.setFirstName("Twilio");
        user.setLastName("Caller");
        user.setPassword(Api.PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, Groups.CALLERS);
        if (phone != null) {
            ResponseEntity<Map<String, Object>> set = Api.as(rest, id).exchange("/api/users/me/phone", HttpMethod.PUT,
                    new HttpEntity<>(Map.of("phone", phone)), Fixtures.JSON);
            assertThat(set.getStatusCode()).as("set phone: %s", set.getBody()).isEqualTo(HttpStatus.OK);
        }
        return id;
    }

    /**
     * Enrolls a new prospect (phone 06 12 34 56 78, owned by {@code caller}) in a new campaign of the call
     * sequence; {@code campaignSettings} adds e.g. {@code callerId} and {@code recordCalls}.
     */
    CallTask callTask(String caller, Map<String, Object> campaignSettings) {
        Map<String, Object> campaign = new HashMap<>(Map.of("name", "Calls " + UUID.randomUUID(), "sequence", PROCESS,
                "sender", Map.of("name", "Camille Martin", "email", "camille@relance.test")));
        campaign.putAll(campaignSettings);
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/campaigns", HttpMethod.POST, new HttpEntity<>(campaign), Fixtures.JSON);
        assertThat(created.getStatusCode()).as("create campaign: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        String campaignId = (String) created.getBody().get("id");
        String prospectId = Fixtures.createProspect(rest, Map.of("firstName", "Ana", "lastName", "Costa",
                "email", Fixtures.uniqueEmail("ana"), "phone", "06 12 34 56 78", "owner", caller, "locale", "fr"));
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        Task task = tasks.createTaskQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        assertThat(task.getAssignee()).isEqualTo(caller);
        // a step's touch key: the sequence, the step, its first run
        String touchKey = task.getProcessInstanceId() + ":" + task.getTaskDefinitionKey() + ":1";
        return new CallTask(task.getId(), touchKey, caller, prospectId, campaignId, "+33612345678");
    }

    /** Twilio answers the next call creation with this call SID. */
    static void twilioCreatesCall(String sid) {
        TWILIO.stubFor(post(urlPathEqualTo(CALLS_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sid": "%s", "account_sid": "%s", "status": "queued", "direction": "outbound-api",
                         "api_version": "2010-04-01", "uri": "/2010-04-01/Accounts/%s/Calls/%s.json"}"""
                        .formatted(sid, ACCOUNT_SID, ACCOUNT_SID, sid))));
    }

    static String newCallSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A call placed through the app for a new call task; Twilio (WireMock) accepted it. */
    CallTask placedCall(String sid, Map<String, Object> campaignSettings) {
        CallTask call = callTask(newCaller("+33 6 98 76 54 32"), campaignSettings);
        twilioCreatesCall(sid);
        assertThat(dialer.dial(call.request()).callSid()).isEqualTo(sid);
        return call;
    }

    /**
     * Twilio's signature, computed here from its documented algorithm rather than with the SDK the app uses:
     * base64 of the HMAC-SHA1, keyed with the auth token, of the URL followed by each parameter name and value,
     * sorted by name.
     */
    static String twilioSignature(String url, Map<String, String> parameters) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(parameters).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form to {@code path} as Twilio would, with the given signature header (none when null). */
    ResponseEntity<String> postAsTwilio(String path, Map<String, String> parameters, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (signature != null) {
            headers.set("X-Twilio-Signature", signature);
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        parameters.forEach(form::add);
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }

    /** Posts a form signed for {@code relance.public-url} + {@code path}, as Twilio signs its requests. */
    ResponseEntity<String> postSigned(String path, Map<String, String> parameters) {
        return postAsTwilio(path, parameters, twilioSignature(PUBLIC_URL + path, parameters));
    }
}
