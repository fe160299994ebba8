package com.relance.console;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.relance.meeting.Meeting;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.CallSequences;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.relance.test.Api;
import com.relance.test.TestUsers;
import jakarta.mail.internet.MimeMessage;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The callers' desk: whose calls, in which order, and what each outcome does to the sequence. */
@RelanceTest
class CallDeskTests {

    @Autowired
    CallDesk desk;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Prospects prospects;

    private String group;
    private String alice;
    private String bob;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
        group = "desk" + Long.toString(System.nanoTime(), 36);
        alice = TestUsers.newCaller(identity, group);
        bob = TestUsers.newCaller(identity, group);
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    void aCallerSeesTheirOwnCallsAndTheGroupsButNotAnotherCallersTask() {
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String alices = prospect("owned", alice);
        String nobodys = prospect("unowned", null);
        String bobs = prospect("bobs", bob);
        Fixtures.enroll(rest, campaignId, List.of(alices, nobodys, bobs));

        CallDesk.Queue queue = desk.queue(alice);

        assertThat(queue.dueNow()).extracting(task -> task.prospect().id()).containsExactlyInAnyOrder(alices, nobodys);
        assertThat(queue.dueNow()).allSatisfy(task -> assertThat(task.call()).isTrue());
        JsonNode overApi = rest.withBasicAuth(alice, Api.PASSWORD).getForObject("/api/console/queue", JsonNode.class);
        assertThat(java.util.stream.StreamSupport.stream(overApi.path("dueNow").spliterator(), false)
                .map(task -> task.path("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(queue.dueNow().stream().map(DeskTask::id).toList());
        JsonNode owned = java.util.stream.StreamSupport.stream(overApi.path("dueNow").spliterator(), false)
                .map(task -> task.path("prospect")).filter(prospect -> alices.equals(prospect.path("id").asText()))
                .findFirst().orElseThrow();
        assertThat(owned.path("firstName").asText()).isEqualTo("owned");
        assertThat(owned.path("company").asText()).isEqualTo("Desk owned");
        assertThat(owned.path("phone").asText()).isEqualTo("+33612345678");
        assertThat(owned.path("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(owned.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(owned.has("customFields")).as("the queue lists a summary of each prospect").isFalse();
        String bobsTask = taskOf(campaignId, bobs);
        assertThatThrownBy(() -> desk.task(alice, bobsTask))
                .isInstanceOfSatisfying(ResponseStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> desk.record(alice, bobsTask, Outcome.NO_ANSWER, "", null))
                .isInstanceOfSatisfying(ResponseStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThat(tasks.createTaskQuery().taskId(bobsTask).count()).as("untouched").isEqualTo(1);
    }

    @Test
    void noAnswerRecordsTheAttemptAndTheSequenceRetries() {
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String prospectId = prospect("retry", alice);
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        desk.record(alice, taskOf(campaignId, prospectId), Outcome.NO_ANSWER, "rang 8 times", null);

        assertThat(runtime.getActiveActivityIds(instance(campaignId, prospectId))).containsExactly("retryCall");
        Touch attempt = callTouches(prospectId).stream().filter(t -> "coldCall".equals(t.activityId())).findFirst().orElseThrow();
        assertThat(attempt.outcome()).isEqualTo("NO_ANSWER");
        assertThat(attempt.note()).isEqualTo("rang 8 times");
        assertThat(attempt.caller()).isEqualTo(alice);
        assertThat(desk.queue(alice).counters()).isEqualTo(new CallDesk.Counters(1, 0, 0));
    }

    @Test
    void callBackReschedulesTheSameCallAndKeepsTheAttempt() {
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String prospectId = prospect("later", null);
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        String taskId = taskOf(campaignId, prospectId);
        LocalDateTime tomorrow = LocalDateTime.now(java.time.ZoneId.of("Europe/Paris")).plusDays(1).withHour(15).withMinute(0)
                .withSecond(0).withNano(0);

        desk.record(alice, taskId, Outcome.CALL_BACK, "call tomorrow at 3", tomorrow);

        var task = tasks.createTaskQuery().taskId(taskId).singleResult();
        assertThat(task.getDueDate().toInstant()).isEqualTo(tomorrow.atZone(java.time.ZoneId.of("Europe/Paris")).toInstant());
        assertThat(task.getAssignee()).isEqualTo(alice);
        assertThat(desk.queue(alice).dueNow()).extracting(DeskTask::id).doesNotContain(taskId);
        assertThat(callTouches(prospectId)).extracting(Touch::outcome).contains("CALL_BACK");
        assertThat(desk.queue(bob).dueNow()).as("now Alice's").extracting(DeskTask::id).doesNotContain(taskId);
    }

    @Test
    void aMeetingIsStoredAndEndsTheSequence() throws Exception {
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String email = Fixtures.uniqueEmail("meeting");
        String prospectId = Fixtures.createProspect(rest, Map.of("email", email, "firstName", "Mina", "phone", "06 12 34 56 78",
                "locale", "fr", "owner", alice));
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        LocalDateTime at = LocalDateTime.of(2030, 1, 15, 10, 30);

        desk.record(alice, taskOf(campaignId, prospectId), Outcome.MEETING_BOOKED, "Demo with the CTO", at, true);

        Meeting meeting = mongo.findOne(Query.query(where("prospectId").is(prospectId)), Meeting.class);
        assertThat(meeting.bookedBy()).isEqualTo(alice);
        assertThat(meeting.campaignId()).isEqualTo(campaignId);
        assertThat(meeting.notes()).isEqualTo("Demo with the CTO");
        assertThat(meeting.startsAt()).isEqualTo(at.atZone(java.time.ZoneId.of("Europe/Paris")).toInstant());
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.MEETING_BOOKED);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).count()).isZero();
        assertThat(desk.queue(alice).counters().meetings()).isEqualTo(1);
        assertThat(desk.meetingsOf(prospectId)).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(meeting.id()));
        assertThat(desk.queue(alice).counters().connects()).isEqualTo(1);
        Map<String, Object> page = com.relance.test.Api.as(rest, TestUsers.MANAGER).exchange(
                "/api/meetings?campaign=" + campaignId, org.springframework.http.HttpMethod.GET, null, Fixtures.JSON).getBody();
        assertThat((List<?>) page.get("content")).hasSize(1);

        // and the prospect received a calendar invitation
        MimeMessage confirmation = TestMailServer.messagesTo(email).get(0);
        assertThat(confirmation.getSubject()).startsWith("Rendez-vous confirmé");
        String raw = com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(confirmation);
        assertThat(raw).contains("METHOD:REQUEST").contains("DTSTART:20300115T093000Z").contains("mailto:" + email)
                .contains("Demo with the CTO");
    }

    @Test
    void anOutcomeNeedingADateSaysSo() {
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String prospectId = prospect("nodate", alice);
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        assertThatThrownBy(() -> desk.record(alice, taskOf(campaignId, prospectId), Outcome.MEETING_BOOKED, "", null))
                .hasMessageContaining("meetingAt: give the date and time");
        assertThatThrownBy(() -> desk.record(alice, taskOf(campaignId, prospectId), Outcome.DONE, "", null))
                .hasMessageContaining("DONE is not an outcome of this task");
    }

    private String prospect(String name, String owner) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("email", Fixtures.uniqueEmail(name), "firstName", name,
                "company", "Desk " + name, "phone", "06 12 34 56 78", "locale", "fr"));
        if (owner != null) {
            fields.put("owner", owner);
        }
        return Fixtures.createProspect(rest, fields);
    }

    private String instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult().getId();
    }

    private String taskOf(String campaignId, String prospectId) {
        return tasks.createTaskQuery().processInstanceId(instance(campaignId, prospectId)).singleResult().getId();
    }

    private List<Touch> callTouches(String prospectId) {
        return mongo.find(Query.query(where("prospectId").is(prospectId).and("channel").is(Channel.CALL)), Touch.class);
    }
}
