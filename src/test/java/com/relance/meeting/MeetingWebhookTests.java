package com.relance.meeting;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.system.WebhookSignature;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestLinkedInProvider;
import com.relance.test.TestUsers;
import com.relance.test.Webhooks;
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
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /webhooks/meetings}: a signed booking becomes a meeting and tells the sequences; unknown ones are kept. */
@RelanceTest
class MeetingWebhookTests {

    private static final String PATH = "/webhooks/meetings";
    private static final String SECRET = TestLinkedInProvider.MEETINGS_WEBHOOK_SECRET;

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
    Meetings meetings;
    @Autowired
    MongoTemplate mongo;

    private String email;
    private String prospectId;
    private ProcessInstance instance;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        repository.createDeployment().addModelInstance("wait-for-meeting.bpmn",
                Bpmn.createExecutableProcess("waitForMeeting").camundaHistoryTimeToLive(1)
                        .startEvent()
                        .intermediateCatchEvent("meetingBooked").message("MeetingBooked")
                        .userTask("prepareMeeting")
                        .endEvent()
                        .done())
                .enableDuplicateFiltering(true).deploy();
        email = Fixtures.uniqueEmail("booker");
        prospectId = Fixtures.createProspect(rest, "Booker", email, "en");
        String campaignId = Fixtures.createCampaign(rest, "waitForMeeting");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }

    @Test
    void aBookingForAProspectRecordsTheMeetingAndRaisesMeetingBookedOnce() {
        String body = booking("bk-" + UUID.randomUUID(), email.toUpperCase());

        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET, body);
        ResponseEntity<Map<String, Object>> again = Webhooks.post(rest, PATH, SECRET, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("status", "MATCHED").containsEntry("prospectId", prospectId);
        assertThat(again.getBody()).containsEntry("status", "DUPLICATE");
        List<Meeting> booked = meetings.search(null, null, prospectId, null, null, PageRequest.of(0, 10)).getContent();
        assertThat(booked).singleElement().satisfies(meeting -> {
            assertThat(meeting.startsAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
            assertThat(meeting.durationMinutes()).isEqualTo(45);
            assertThat(meeting.bookedBy()).isEqualTo("camille@relance.test");
            assertThat(meeting.notes()).isEqualTo("booked through calendly");
        });
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.MEETING_BOOKED);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("prepareMeeting");
    }

    @Test
    void aBookingFromAnUnknownEmailIsKeptAsUnmatched() {
        String bookingId = "bk-" + UUID.randomUUID();

        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET,
                booking(bookingId, Fixtures.uniqueEmail("stranger")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getBody()).containsEntry("status", "UNMATCHED");
        Document stored = mongo.findById("calendly:" + bookingId, Document.class, MeetingWebhooks.UNMATCHED);
        assertThat(stored.getString("inviteeEmail")).startsWith("stranger.");
        assertThat(stored.get("startsAt", java.util.Date.class).toInstant()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void aBadSignatureIsRefusedAndChangesNothing() {
        String bookingId = "bk-" + UUID.randomUUID();
        String body = booking(bookingId, email);
        String timestamp = Long.toString(Instant.now().getEpochSecond());

        ResponseEntity<Map<String, Object>> forged = Webhooks.post(rest, PATH, timestamp,
                WebhookSignature.sign("guessed", timestamp, body.getBytes(StandardCharsets.UTF_8)), body);
        // signed for another body
        ResponseEntity<Map<String, Object>> tampered = Webhooks.post(rest, PATH, timestamp,
                WebhookSignature.sign(SECRET, timestamp, booking(bookingId, "other@example.com").getBytes(StandardCharsets.UTF_8)),
                body);

        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(tampered.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(meetings.search(null, null, prospectId, null, null, PageRequest.of(0, 10)).getContent()).isEmpty();
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("meetingBooked");
    }

    @Test
    void aBookingWithoutAStartTimeIsABadRequest() {
        ResponseEntity<Map<String, Object>> response = Webhooks.post(rest, PATH, SECRET,
                "{\"inviteeEmail\": \"" + email + "\", \"source\": \"calendly\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(response.getBody().get("detail"))).startsWith("startTime:");
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.ACTIVE);
    }

    private static String booking(String bookingId, String inviteeEmail) {
        return """
                {"bookingId": "%s", "inviteeEmail": "%s", "startTime": "2026-12-01T10:00:00+01:00",
                 "durationMinutes": 45, "organiser": "camille@relance.test", "source": "calendly"}"""
                .formatted(bookingId, inviteeEmail);
    }
}
