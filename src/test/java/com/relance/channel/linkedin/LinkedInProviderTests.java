package com.relance.channel.linkedin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.relance.channel.SenderQuotas;
import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.LinkedInSequences;
import com.relance.test.RelanceTest;
import com.relance.test.TestLinkedInProvider;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import org.bson.Document;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LinkedIn steps in provider mode, against WireMock as the provider: the documented request, once per step run,
 * 429 deferred, 5xx retried with backoff then an incident, a note over 300 characters stopped before any call.
 */
@RelanceTest
class LinkedInProviderTests {

    private static final String PROCESS = LinkedInSequences.KEY;
    private static final WireMockServer PROVIDER = TestLinkedInProvider.server();
    private static final ParameterizedTypeReference<List<Map<String, Object>>> STEPS = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    SenderQuotas quotas;
    @Autowired
    HistoryService history;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        LinkedInSequences.deploy(repository);
        PROVIDER.resetAll();
        PROVIDER.stubFor(post(urlEqualTo(TestLinkedInProvider.PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"li-action-42\"}")));
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    void aConnectionRequestSendsTheDocumentedRequestAndTheSequenceGoesOnWithoutATask() {
        Enrolled enrolled = enroll(PROCESS, "Camille Martin", "camille@relance.test", "Acme");

        Engine.executeDueJobs(management, runtime, enrolled.campaignId);

        String touchKey = enrolled.instance.getId() + ":connect:1";
        List<LoggedRequest> calls = callsFor(enrolled.prospectId);
        assertThat(calls).hasSize(1);
        PROVIDER.verify(postRequestedFor(urlEqualTo(TestLinkedInProvider.PATH))
                .withHeader("Idempotency-Key", equalTo(touchKey))
                .withHeader("Authorization", equalTo("Bearer " + TestLinkedInProvider.API_TOKEN))
                .withRequestBody(equalToJson("""
                        {"action": "CONNECTION_REQUEST",
                         "profileUrl": "https://www.linkedin.com/in/ada-%s",
                         "text": "Hi Ada, I work with teams like Acme on multichannel prospecting. I would be glad to connect here. Camille Martin",
                         "idempotencyKey": "%s",
                         "sender": "camille@relance.test",
                         "prospectId": "%s"}""".formatted(enrolled.slug, touchKey, enrolled.prospectId))));
        assertThat(tasks.createTaskQuery().processInstanceId(enrolled.instance.getId()).taskDefinitionKey("connect").count())
                .as("no console task in provider mode").isZero();
        assertThat(tasks.createTaskQuery().processInstanceId(enrolled.instance.getId()).singleResult().getTaskDefinitionKey())
                .isEqualTo("afterwards");
        Touch touch = mongo.findById(touchKey, Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(touch.outcome()).isEqualTo("DONE");
        assertThat(touch.providerReference()).isEqualTo("li-action-42");
        assertThat(runtime.getVariable(enrolled.instance.getId(), "linkedinOutcome")).isEqualTo("DONE");
        assertThat(runtime.getVariable(enrolled.instance.getId(), "note")).isEqualTo("done by the LinkedIn provider, reference li-action-42");
        // counted once: the step's start records the action and its outcome in one write
        assertThat(connectStepStats(enrolled)).containsEntry("touches", 1);
        // what the step hands its task lives in the transaction only: no row of its own, now or in the history
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(enrolled.instance.getId()).list())
                .extracting(HistoricVariableInstance::getName)
                .contains("linkedinOutcome", "note")
                .noneMatch(name -> name.startsWith("linkedinProvider"));
    }

    @Test
    void aJobRetriedAfterTheProviderActedDoesNotCallItAgain() {
        Enrolled enrolled = enroll(LinkedInSequences.CRASHING, "Camille Martin", "camille@relance.test", "Acme");
        Job job = management.createJobQuery().processInstanceId(enrolled.instance.getId()).singleResult();

        // when the first attempt calls the provider, then fails before the engine commits
        assertThat(Engine.tryExecute(management, job)).hasMessageContaining("Simulated crash");
        assertThat(callsFor(enrolled.prospectId)).hasSize(1);

        // and the engine retries the same job
        assertThat(Engine.tryExecute(management, management.createJobQuery().jobId(job.getId()).singleResult())).isNull();

        // then the step is done without a second call
        assertThat(callsFor(enrolled.prospectId)).hasSize(1);
        Touch touch = mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SENT);
        assertThat(touch.attempts()).isEqualTo(2);
        assertThat(tasks.createTaskQuery().processInstanceId(enrolled.instance.getId()).singleResult().getTaskDefinitionKey())
                .isEqualTo("afterwards");
    }

    @Test
    void a429DefersTheStepToTheNextWindowWithoutAnIncidentThenItGoesThrough() {
        PROVIDER.stubFor(post(urlEqualTo(TestLinkedInProvider.PATH)).willReturn(aResponse().withStatus(429)));
        Enrolled enrolled = enroll(PROCESS, "Camille Martin", "camille@relance.test", "Acme");
        Job job = management.createJobQuery().processInstanceId(enrolled.instance.getId()).singleResult();
        int retries = job.getRetries();
        Instant now = Instant.now();

        Engine.tryExecute(management, job);

        Job deferred = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(deferred.getRetries()).as("a deferral uses no retry").isEqualTo(retries);
        assertThat(deferred.getDuedate().toInstant()).as("the next day's window, when the provider's quota refills")
                .isAfterOrEqualTo(quotas.nextDay(now));
        assertThat(runtime.createIncidentQuery().processInstanceId(enrolled.instance.getId()).count()).isZero();
        Touch touch = mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.PENDING);
        assertThat(touch.deferral()).contains("429");
        assertThat(callsFor(enrolled.prospectId)).hasSize(1);

        // when the provider has room again in the next window
        PROVIDER.stubFor(post(urlEqualTo(TestLinkedInProvider.PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"li-later\"}")));
        Engine.moveClock(Duration.between(now, deferred.getDuedate().toInstant()).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, enrolled.campaignId);

        assertThat(callsFor(enrolled.prospectId)).hasSize(2);
        assertThat(mongo.findById(touch.id(), Touch.class).providerReference()).isEqualTo("li-later");
    }

    @Test
    void a500IsRetriedWithBackoffThenBecomesAnIncident() {
        PROVIDER.stubFor(post(urlEqualTo(TestLinkedInProvider.PATH)).willReturn(aResponse().withStatus(500)
                .withBody("provider down")));
        Enrolled enrolled = enroll(PROCESS, "Camille Martin", "camille@relance.test", "Acme");
        Job job = management.createJobQuery().processInstanceId(enrolled.instance.getId()).singleResult();
        Engine.moveClock(Duration.ZERO);

        Engine.tryExecute(management, job);
        Job retried = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(retried.getRetries()).as("R4/PT5M: retries left after the first failure").isEqualTo(3);
        assertThat(retried.getDuedate().toInstant()).as("backoff")
                .isAfterOrEqualTo(Instant.now().plus(Duration.ofMinutes(4)));

        int attempts = 1;
        while (management.createJobQuery().jobId(job.getId()).singleResult().getRetries() > 0) {
            Engine.moveClock(Duration.ofMinutes(6));
            Engine.tryExecute(management, management.createJobQuery().jobId(job.getId()).singleResult());
            attempts++;
        }

        assertThat(attempts).isEqualTo(4);
        assertThat(callsFor(enrolled.prospectId)).hasSize(4);
        Incident incident = runtime.createIncidentQuery().processInstanceId(enrolled.instance.getId()).singleResult();
        assertThat(incident.getIncidentMessage()).contains("connect").contains("500").contains(enrolled.prospectId);
        assertThat(mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class).status()).isEqualTo(TouchStatus.FAILED);
    }

    @Test
    void aConnectionNoteOver300CharactersFailsBeforeAnyRequest() {
        Enrolled enrolled = enroll(PROCESS, "S".repeat(200), "camille@relance.test", "C".repeat(200));

        assertThat(Engine.tryExecute(management, job(enrolled))).hasMessageContaining("characters once rendered");

        assertThat(callsFor(enrolled.prospectId)).isEmpty();
        Incident incident = runtime.createIncidentQuery().processInstanceId(enrolled.instance.getId()).singleResult();
        assertThat(incident.getIncidentMessage()).contains("'connect'").contains(enrolled.prospectId)
                .containsPattern("is \\d{3} characters").contains("allows 300");
        Touch touch = mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.FAILED);
        assertThat(touch.attempts()).as("no retry of an input that cannot pass").isEqualTo(1);
    }

    @Test
    void overTheAccountsWeeklyQuotaTheStepIsDeferredNotSent() {
        String sender = "quota-" + UUID.randomUUID().toString().substring(0, 8) + "@relance.test";
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        mongo.insert(new Document("_id", "linkedin-connect:" + sender + ":" + today.minusDays(2))
                .append("used", 100).append("sender", sender).append("kind", "linkedin-connect"), "quotas");
        Enrolled enrolled = enroll(PROCESS, "Camille Martin", sender, "Acme");

        Engine.tryExecute(management, job(enrolled));

        assertThat(callsFor(enrolled.prospectId)).isEmpty();
        Touch touch = mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.PENDING);
        assertThat(touch.deferral()).isEqualTo("LinkedIn quota of 100 connection requests a week reached for " + sender);
        assertThat(management.createJobQuery().processInstanceId(enrolled.instance.getId()).singleResult().getDuedate())
                .isAfter(new Date());
    }

    @Test
    void aProspectWithoutAProfileIsSkippedWithoutACallAndCountedOnce() {
        Enrolled enrolled = enroll(PROCESS, "Camille Martin", "camille@relance.test", "Acme", false);

        Engine.executeDueJobs(management, runtime, enrolled.campaignId);

        assertThat(callsFor(enrolled.prospectId)).isEmpty();
        Touch touch = mongo.findById(enrolled.instance.getId() + ":connect:1", Touch.class);
        assertThat(touch.status()).isEqualTo(TouchStatus.SKIPPED);
        assertThat(touch.outcome()).isEqualTo("NOT_ON_LINKEDIN");
        assertThat(touch.note()).isEqualTo("prospect has no LinkedIn profile URL");
        assertThat(tasks.createTaskQuery().processInstanceId(enrolled.instance.getId()).singleResult().getTaskDefinitionKey())
                .isEqualTo("afterwards");
        assertThat(connectStepStats(enrolled)).containsEntry("skipped", 1).containsEntry("touches", 0);
    }

    @Test
    void theLibrarySequenceRunsItsLinkedInStepsThroughTheProvider() {
        Enrolled enrolled = enroll("b2bCold3Weeks", "Camille Martin", "camille@relance.test", "Acme");

        Engine.executeDueJobs(management, runtime, enrolled.campaignId);

        assertThat(callsFor(enrolled.prospectId)).hasSize(1);
        PROVIDER.verify(postRequestedFor(urlEqualTo(TestLinkedInProvider.PATH))
                .withRequestBody(matchingJsonPath("$.prospectId", equalTo(enrolled.prospectId)))
                .withRequestBody(matchingJsonPath("$.action", equalTo("VISIT_PROFILE"))));
        assertThat(tasks.createTaskQuery().processInstanceId(enrolled.instance.getId()).taskDefinitionKey("visitProfile")
                .count()).isZero();
        assertThat(mongo.findById(enrolled.instance.getId() + ":visitProfile:1", Touch.class).status())
                .isEqualTo(TouchStatus.SENT);
    }

    private List<LoggedRequest> callsFor(String prospectId) {
        return PROVIDER.findAll(postRequestedFor(urlEqualTo(TestLinkedInProvider.PATH))
                .withRequestBody(matchingJsonPath("$.prospectId", equalTo(prospectId))));
    }

    /** The campaign's figures for the step {@code connect}, as the stats API gives them. */
    private Map<String, Object> connectStepStats(Enrolled enrolled) {
        ResponseEntity<List<Map<String, Object>>> steps = Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/stats/steps?campaign=" + enrolled.campaignId, HttpMethod.GET, null, STEPS);
        return steps.getBody().stream().filter(step -> "connect".equals(step.get("activityId"))).findFirst().orElseThrow();
    }

    private Job job(Enrolled enrolled) {
        return management.createJobQuery().processInstanceId(enrolled.instance.getId()).singleResult();
    }

    private record Enrolled(String prospectId, String campaignId, ProcessInstance instance, String slug) {
    }

    private Enrolled enroll(String sequence, String senderName, String senderEmail, String company) {
        return enroll(sequence, senderName, senderEmail, company, true);
    }

    private Enrolled enroll(String sequence, String senderName, String senderEmail, String company, boolean onLinkedIn) {
        String slug = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> prospect = new HashMap<>(Map.of("firstName", "Ada", "lastName", "Test",
                "email", Fixtures.uniqueEmail("ada"), "company", company, "locale", "en"));
        if (onLinkedIn) {
            prospect.put("linkedinUrl", "https://www.linkedin.com/in/ada-" + slug);
        }
        String prospectId = Fixtures.createProspect(rest, prospect);
        ResponseEntity<Map<String, Object>> created = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns",
                HttpMethod.POST, new HttpEntity<>(Map.of("name", "LinkedIn " + slug, "sequence", sequence,
                        "linkedinMode", "PROVIDER",
                        "sender", Map.of("name", senderName, "email", senderEmail))), Fixtures.JSON);
        assertThat(created.getStatusCode()).as("create campaign: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("linkedinMode", "PROVIDER");
        String campaignId = (String) created.getBody().get("id");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
        return new Enrolled(prospectId, campaignId, instance, slug);
    }
}
