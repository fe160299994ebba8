package com.relance.channel.linkedin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.system.WebhookSignature;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestLinkedInProvider;
import com.relance.test.TestUsers;
import com.relance.test.Webhooks;
import com.relance.touch.Channel;
import com.relance.touch.TouchStart;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.bson.Document;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /webhooks/linkedin}: signed events reach the prospect's sequences; anything else changes nothing. */
@RelanceTest
class LinkedInWebhookTests {

    private static final String PATH = "/webhooks/linkedin";
    private static final String SECRET = TestLinkedInProvider.LINKEDIN_WEBHOOK_SECRET;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;
    @Autowired
    MongoTemplate mongo;

    private String slug;
    @Autowired
    Touches touches;

    private String prospectId;
    private ProcessInstance instance;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        // a sequence that waits for the connection to be accepted
        repository.createDeployment().addModelInstance("wait-for-connection.bpmn",
                Bpmn.createExecutableProcess("waitForConnection").camundaHistoryTimeToLive(1)
                        .startEvent()
                        .intermediateCatchEvent("connectionAccepted").message(LinkedInWebhooks.CONNECTED_MESSAGE)
                        .userTask("followUp")
                        .endEvent()
                        .done())
                .enableDuplicateFiltering(true).deploy();
        slug = "grace-" + UUID.randomUUID().toString().substring(0, 8);
        prospectId = Fixtures.createProspect(rest, Map.of("firstName", "Grace", "email", Fixtures.uniqueEmail("grace"),
                "locale", "en", "linkedinUrl", "https://www.linkedin.com/in/" + slug + "/"));
        String campaignId = Fixtures.createCampaign(rest, "waitForConnection");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }

    @Test
    void anAcceptedConnectionReachesTheSequenceThatWaitsForIt() {
        // the provider writes the profile URL its own way
        String body = event("CONNECTION_ACCEPTED", "http://linkedin.com/in/" + slug.toUpperCase() + "?trk=x");

        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("status", "MATCHED").containsEntry("prospectId", prospectId)
                .containsEntry("sequences", 1);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("followUp");
    }

    @Test
    void anAcceptedConnectionMarksTheConnectionRequestConnected() {
        String key = instance.getId() + ":connectionRequest:1";
        touches.begin(new TouchStart(key, prospectId, null, instance.getId(), "connectionRequest", Channel.LINKEDIN,
                "connection-note", null, "owner"));
        touches.outcome(key, TouchStatus.SENT, "DONE", null, "owner");

        Webhooks.post(rest, PATH, SECRET, event("CONNECTION_ACCEPTED", "https://www.linkedin.com/in/" + slug));

        assertThat(touches.find(key).orElseThrow().outcome()).isEqualTo("CONNECTED");
    }

    @Test
    void aReplyOnLinkedInMarksTheProspectReplied() {
        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET,
                event("MESSAGE_REPLIED", "https://www.linkedin.com/in/" + slug));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        Prospect prospect = prospects.find(prospectId).orElseThrow();
        assertThat(prospect.status()).isEqualTo(ProspectStatus.REPLIED);
        assertThat(prospect.statusReason()).startsWith("linkedin: replied");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
                .as("a sequence that does not model the reply ends").isZero();
    }

    @Test
    void aWrongSignatureIsRefusedAndChangesNothing() {
        String body = event("MESSAGE_REPLIED", "https://www.linkedin.com/in/" + slug);
        String timestamp = Long.toString(Instant.now().getEpochSecond());

        ResponseEntity<Map<String, Object>> forged = Webhooks.post(rest, PATH, timestamp,
                WebhookSignature.sign("not-the-secret", timestamp, body.getBytes(StandardCharsets.UTF_8)), body);
        ResponseEntity<Map<String, Object>> unsigned = Webhooks.post(rest, PATH, null, null, body);
        String stale = Long.toString(Instant.now().minusSeconds(3600).getEpochSecond());
        ResponseEntity<Map<String, Object>> replayed = Webhooks.post(rest, PATH, stale,
                WebhookSignature.sign(SECRET, stale, body.getBytes(StandardCharsets.UTF_8)), body);

        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(unsigned.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("connectionAccepted");
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("profileUrl").is("https://www.linkedin.com/in/" + slug)),
                "linkedinEvents")).isZero();
    }

    @Test
    void anEventForNoKnownProspectIsKeptAsUnmatched() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = """
                {"eventId": "%s", "event": "CONNECTION_ACCEPTED", "profileUrl": "https://www.linkedin.com/in/nobody-%s"}"""
                .formatted(eventId, UUID.randomUUID());

        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET, body);
        ResponseEntity<Map<String, Object>> again = Webhooks.post(rest, PATH, SECRET, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getBody()).containsEntry("status", "UNMATCHED");
        assertThat(again.getBody()).containsEntry("status", "DUPLICATE");
        Document stored = mongo.findById(eventId, Document.class, "linkedinEvents");
        assertThat(stored.getString("status")).isEqualTo("UNMATCHED");
        assertThat(stored.getString("event")).isEqualTo("CONNECTION_ACCEPTED");
    }

    @Test
    void anUnknownEventTypeIsABadRequest() {
        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET,
                event("ENDORSED", "https://www.linkedin.com/in/" + slug));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(response.getBody().get("detail"))).contains("CONNECTION_ACCEPTED or MESSAGE_REPLIED");
    }

    private static String event(String type, String profileUrl) {
        return """
                {"eventId": "evt-%s", "event": "%s", "profileUrl": "%s", "text": "Thanks, happy to talk"}"""
                .formatted(UUID.randomUUID(), type, profileUrl);
    }
}
