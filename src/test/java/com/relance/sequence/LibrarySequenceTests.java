package com.relance.sequence;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The shipped 3-week B2B sequence, drawn only with the element templates, runs end to end: LinkedIn tasks,
 * an A/B intro, business-day waits, calls with a no-answer retry loop, a follow-up, and a reply handled
 * by the sequence's own event subprocess.
 */
@RelanceTest
class LibrarySequenceTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    void theThreeWeekColdSequenceRunsFromFirstTouchToTheReplyHandler() throws Exception {
        String email = Fixtures.uniqueEmail("cold");
        String prospectId = Fixtures.createProspect(rest, Map.of("email", email, "firstName", "Claire",
                "company", "Cold & Co", "owner", TestUsers.CALLER, "locale", "en", "phone", "06 12 34 56 78"));
        String campaignId = Fixtures.createCampaign(rest, "b2bCold3Weeks");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + prospectId).processDefinitionKey("b2bCold3Weeks").singleResult();
        // a LinkedIn step starts in its own job (provider mode calls out there; manual mode makes the task)
        Engine.executeDueJobs(management, runtime, campaignId);

        // the owner visits the LinkedIn profile
        Task visit = task(instance, "visitProfile");
        assertThat(visit.getAssignee()).isEqualTo(TestUsers.CALLER);
        assertThat(tasks.getIdentityLinksForTask(visit.getId())).anySatisfy(link ->
                assertThat(link.getGroupId()).isEqualTo("callers"));
        tasks.complete(visit.getId(), Map.of("linkedinOutcome", "DONE"));

        // the A/B split picks an intro and the email goes out
        Engine.executeDueJobs(management, runtime, campaignId);
        List<MimeMessage> received = TestMailServer.messagesTo(email);
        assertThat(received).hasSize(1);
        String variant = (String) runtime.getVariable(instance.getId(), "variant");
        assertThat(variant).isIn("A", "B");

        // two business days later, the connection request
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        tasks.complete(task(instance, "connectionRequest").getId(), Map.of("linkedinOutcome", "DONE"));

        // two days later the call, unanswered twice, then answered
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        Task coldCall = task(instance, "coldCall");
        assertThat(coldCall.getDueDate()).isNotNull();
        assertThat(coldCall.getAssignee()).isEqualTo(TestUsers.CALLER);
        tasks.complete(coldCall.getId(), Map.of("callOutcome", "NO_ANSWER"));
        Engine.moveClock(Duration.ofHours(4).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        tasks.complete(task(instance, "secondCall").getId(), Map.of("callOutcome", "NO_ANSWER"));
        Engine.moveClock(Duration.ofHours(4).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        tasks.complete(task(instance, "thirdCall").getId(), Map.of("callOutcome", "CALL_BACK", "note", "Try next week"));
        // steps the job executor completed share one counter; a call completed by a person has its own
        assertThat(runtime.getVariable(instance.getId(), StepRun.RUNS_PREFIX + "coldCall")).isEqualTo(1);
        assertThat((String) runtime.getVariable(instance.getId(), StepRun.RUNS)).doesNotContain("coldCall");

        // the follow-up email, then the sequence waits before the LinkedIn message
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(email)).hasSize(2);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("waitBeforeLinkedinMessage");

        // when the prospect replies, the sequence's own handler asks the owner to call back
        Api.as(rest, TestUsers.CALLER).exchange("/api/prospects/" + prospectId + "/signals", HttpMethod.POST,
                new HttpEntity<>(Map.of("type", "REPLIED")), Fixtures.JSON);
        assertThat(runtime.getActiveActivityIds(instance.getId())).containsExactly("callBackReplier");
        assertThat(task(instance, "callBackReplier").getAssignee()).isEqualTo(TestUsers.CALLER);

        // and every touch is on record, the variant on those after the split
        List<Touch> touches = mongo.find(Query.query(where("prospectId").is(prospectId)), Touch.class);
        assertThat(touches).filteredOn(t -> t.channel() == Channel.LINKEDIN)
                .extracting(Touch::activityId, Touch::status, Touch::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("visitProfile", TouchStatus.SENT, "DONE"),
                        org.assertj.core.groups.Tuple.tuple("connectionRequest", TouchStatus.SENT, "DONE"));
        assertThat(touches).filteredOn(t -> t.channel() == Channel.CALL)
                .extracting(Touch::activityId, Touch::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("coldCall", "NO_ANSWER"),
                        org.assertj.core.groups.Tuple.tuple("secondCall", "NO_ANSWER"),
                        org.assertj.core.groups.Tuple.tuple("thirdCall", "CALL_BACK"),
                        org.assertj.core.groups.Tuple.tuple("callBackReplier", null));
        assertThat(touches).filteredOn(t -> t.channel() == Channel.EMAIL)
                .extracting(Touch::activityId)
                .containsExactlyInAnyOrder("A".equals(variant) ? "introEmail" : "introShortEmail", "followUpEmail");
        assertThat(touches).filteredOn(t -> t.channel() == Channel.EMAIL)
                .allSatisfy(touch -> assertThat(touch.variant()).isEqualTo(variant));
        assertThat(touches).filteredOn(t -> "thirdCall".equals(t.activityId()))
                .singleElement().satisfies(t -> assertThat(t.note()).isEqualTo("Try next week"));
    }

    @Test
    void anOverdueColdCallIsEscalatedToTheWholeCallerGroup() {
        String prospectId = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("overdue"),
                "owner", TestUsers.CALLER, "locale", "en", "phone", "06 12 34 56 78"));
        String campaignId = Fixtures.createCampaign(rest, "b2bCold3Weeks");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        ProcessInstance instance = instance(campaignId, prospectId);
        Engine.executeDueJobs(management, runtime, campaignId);
        tasks.complete(task(instance, "visitProfile").getId(), Map.of("linkedinOutcome", "DONE"));
        Engine.executeDueJobs(management, runtime, campaignId);
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        tasks.complete(task(instance, "connectionRequest").getId(), Map.of("linkedinOutcome", "DONE"));
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(task(instance, "coldCall").getAssignee()).isEqualTo(TestUsers.CALLER);

        // when the owner lets the call go 4 hours past its due time
        Engine.moveClock(Duration.ofHours(4).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);

        // then the team gets it, with a high priority, and the owner's task is gone
        Task escalated = task(instance, "escalatedCall");
        assertThat(escalated.getAssignee()).isNull();
        assertThat(escalated.getPriority()).isEqualTo(75);
        assertThat(tasks.getIdentityLinksForTask(escalated.getId())).anySatisfy(link ->
                assertThat(link.getGroupId()).isEqualTo("callers"));
        assertThat(mongo.find(Query.query(where("prospectId").is(prospectId).and("activityId").is("coldCall")), Touch.class))
                .singleElement().satisfies(touch -> assertThat(touch.outcome()).isEqualTo("CANCELLED"));
    }

    @Test
    void theEventFollowUpCallsDirectorsAndEmailsTheOthers() {
        String directorEmail = Fixtures.uniqueEmail("director");
        String otherEmail = Fixtures.uniqueEmail("analyst");
        String director = Fixtures.createProspect(rest, Map.of("email", directorEmail, "title", "Sales Director", "locale", "fr"));
        String analyst = Fixtures.createProspect(rest, Map.of("email", otherEmail, "title", "Analyst", "locale", "fr"));
        String campaignId = Fixtures.createCampaign(rest, "eventFollowUp");
        Fixtures.enroll(rest, campaignId, List.of(director, analyst));

        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(directorEmail)).hasSize(1);
        Engine.moveClock(Duration.ofDays(1).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);
        for (String prospectId : List.of(director, analyst)) {
            ProcessInstance instance = instance(campaignId, prospectId);
            tasks.complete(task(instance, "connectionRequest").getId(), Map.of("linkedinOutcome", "NOT_ON_LINKEDIN"));
        }
        Engine.moveClock(Duration.ofDays(3).plusMinutes(1));
        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(runtime.getActiveActivityIds(instance(campaignId, director).getId())).containsExactly("eventCall");
        assertThat(instance(campaignId, analyst)).as("emailed and finished").isNull();
        assertThat(TestMailServer.messagesTo(otherEmail)).hasSize(2);
        assertThat(mongo.find(Query.query(where("prospectId").is(analyst).and("channel").is(Channel.LINKEDIN)), Touch.class))
                .singleElement().satisfies(touch -> assertThat(touch.status()).isEqualTo(TouchStatus.SKIPPED));
    }

    @Test
    void theReEngagementSequenceEndsOnAnyStopSignalItDoesNotModel() {
        String email = Fixtures.uniqueEmail("dormant");
        String prospectId = Fixtures.createProspect(rest, Map.of("email", email, "locale", "en"));
        String campaignId = Fixtures.createCampaign(rest, "reEngagement");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).count())
                .as("the sequence and its Wait's child process").isEqualTo(2);

        Map<String, Object> outcome = Api.as(rest, TestUsers.CALLER).exchange("/api/prospects/" + prospectId + "/signals",
                HttpMethod.POST, new HttpEntity<>(Map.of("type", "MEETING_BOOKED")), Fixtures.JSON).getBody();

        assertThat(outcome).containsEntry("runningSequences", 0);
        assertThat(instance(campaignId, prospectId)).isNull();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).count())
                .as("the Wait's child process ended with it").isZero();
        Engine.moveClock(Duration.ofDays(8));
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
    }

    private ProcessInstance instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId)
                .processDefinitionKeyIn("b2bCold3Weeks", "eventFollowUp", "reEngagement").singleResult();
    }

    private Task task(ProcessInstance instance, String activityId) {
        Task task = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(activityId).singleResult();
        assertThat(task).as("a task at %s; the instance is at %s", activityId, runtime.getActiveActivityIds(instance.getId()))
                .isNotNull();
        return task;
    }
}
