package com.relance.campaign;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps run in the prospect's business time: a step due outside its window, on a holiday or over the
 * sender's daily cap is postponed to the next slot, never failed; waits count business days.
 */
@RelanceTest
@TestPropertySource(properties = {
        "relance.windows.enabled=true",
        "relance.throttles.linkedin-profile-visits-per-day=2",
        // a context of its own: keep the shared context's engine registered under its name
        "camunda.bpm.process-engine-name=businessTime"
})
class BusinessTimeTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    RepositoryService repository;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    TaskService tasks;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    void anEmailDueSaturdayNightInParisGoesOutMondayAtNine() {
        freeze(LocalDateTime.of(2027, 3, 13, 23, 0)); // Saturday
        String email = Fixtures.uniqueEmail("weekend");
        String prospectId = Fixtures.createProspect(rest, Map.of("email", email, "phone", "06 12 34 56 78", "locale", "fr"));
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Job job = introJob(campaignId, prospectId);
        assertThat(Engine.tryExecute(management, job)).hasMessageContaining("outside the EMAIL window");

        Job postponed = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(postponed.getDuedate()).isEqualTo(paris(LocalDateTime.of(2027, 3, 15, 9, 0)));
        assertThat(postponed.getRetries()).as("a deferral uses no retry").isEqualTo(3);
        assertThat(runtime.createIncidentQuery().count()).isZero();
        assertThat(TestMailServer.messagesTo(email)).isEmpty();
        Touch touch = mongo.findById(instance(campaignId, prospectId).getId() + ":introEmail:1", Touch.class);
        assertThat(touch.deferral()).isEqualTo("outside the EMAIL window");
        assertThat(touch.deferredUntil()).isEqualTo(paris(LocalDateTime.of(2027, 3, 15, 9, 0)).toInstant());

        freeze(LocalDateTime.of(2027, 3, 15, 9, 1));
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
    }

    @Test
    void anEmailDueOnBastilleDayWaitsForTheNextWorkingDay() {
        freeze(LocalDateTime.of(2027, 7, 14, 10, 0)); // a Wednesday, a public holiday in France
        String prospectId = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("bastille"), "phone", "06 12 34 56 78"));
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Job job = introJob(campaignId, prospectId);
        Engine.tryExecute(management, job);

        assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getDuedate())
                .isEqualTo(paris(LocalDateTime.of(2027, 7, 15, 9, 0)));
    }

    @Test
    void aCampaignsOwnWindowsOverrideTheDefaults() {
        freeze(LocalDateTime.of(2027, 3, 16, 9, 30)); // Tuesday, inside the default 09:00-18:00
        String campaignId = (String) Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Late starters", "sequence", "firstTouch",
                        "sender", Map.of("name", "A", "email", "a@relance.test"),
                        "windows", Map.of("email", List.of("10:00-11:00"), "holidayCountry", "DE"))),
                Fixtures.JSON).getBody().get("id");
        Map<String, Object> stored = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/campaigns/" + campaignId, HttpMethod.GET, null, Fixtures.JSON).getBody();
        assertThat(stored.get("windows")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("email", List.of("10:00-11:00")).containsEntry("holidayCountry", "DE");
        String prospectId = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("late"), "phone", "06 12 34 56 78"));
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Job job = introJob(campaignId, prospectId);
        assertThat(Engine.tryExecute(management, job)).hasMessageContaining("outside the EMAIL window");
        assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getDuedate())
                .isEqualTo(paris(LocalDateTime.of(2027, 3, 16, 10, 0)));
    }

    @Test
    void overTheSendersDailyCapEmailsWaitForTheNextDay() {
        freeze(LocalDateTime.of(2027, 3, 16, 10, 0)); // Tuesday
        String campaignId = (String) Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Capped", "sequence", "firstTouch",
                        "sender", Map.of("name", "Cap", "email", Fixtures.uniqueEmail("capped-sender"), "dailyCap", 2))),
                Fixtures.JSON).getBody().get("id");
        List<String> prospects = List.of(
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("cap1"), "phone", "06 12 34 56 78")),
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("cap2"), "phone", "06 12 34 56 79")),
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("cap3"), "phone", "06 12 34 56 70")));
        Fixtures.enroll(rest, campaignId, prospects);

        List<Job> jobs = prospects.stream().map(id -> introJob(campaignId, id)).toList();
        long deferred = jobs.stream().map(job -> Engine.tryExecute(management, job)).filter(e -> e != null).count();

        assertThat(deferred).isEqualTo(1);
        List<Job> left = management.createJobQuery().processDefinitionKey("firstTouch").list().stream()
                .filter(job -> jobs.stream().anyMatch(j -> j.getId().equals(job.getId()))).toList();
        assertThat(left).singleElement().satisfies(job ->
                assertThat(job.getDuedate()).isEqualTo(paris(LocalDateTime.of(2027, 3, 17, 9, 0))));

        freeze(LocalDateTime.of(2027, 3, 17, 9, 5));
        assertThat(Engine.tryExecute(management, left.get(0))).isNull();
    }

    @Test
    void aWaitOfTwoBusinessDaysFromFridaySkipsTheWeekend() {
        freeze(LocalDateTime.of(2027, 3, 19, 10, 0)); // Friday
        String prospectId = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("wait"), "phone", "06 12 34 56 78"));
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        ProcessInstance started = runtime.createProcessInstanceByKey("relanceWait")
                .businessKey(campaignId + ":" + prospectId)
                .setVariables(Map.of("prospectId", prospectId, "campaignId", campaignId,
                        "waitAmount", "2", "waitUnit", "BUSINESS_DAYS", "waitChannel", "PHONE"))
                .execute();

        Job timer = management.createJobQuery().processInstanceId(started.getId()).timers().singleResult();
        assertThat(timer.getDuedate()).isEqualTo(paris(LocalDateTime.of(2027, 3, 23, 10, 0)));
    }

    @Test
    void overTheLinkedInQuotaManualTouchesAreScheduledForTheNextDayNeverDropped() {
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("visit-test.bpmn",
                Bpmn.createExecutableProcess("visitOnly").startEvent()
                        .userTask("visitProfile").camundaFormKey("embedded:/forms/relance-linkedin.html")
                        .camundaAssignee("${stepRouting.assignee(execution)}")
                        .camundaCandidateGroups("${stepRouting.callerGroup(execution)}")
                        .camundaFollowUpDate("${stepRouting.linkedinSlot(execution)}")
                        .camundaInputParameter("action", "VISIT_PROFILE")
                        .camundaExecutionListenerDelegateExpression("start", "${linkedinStep}")
                        .camundaExecutionListenerDelegateExpression("end", "${linkedinStep}")
                        .endEvent().done()).deploy();
        freeze(LocalDateTime.of(2027, 3, 16, 7, 30)); // Tuesday, before the LinkedIn window opens
        String owner = "linkedinOwner" + System.nanoTime() % 100000;
        identity.saveUser(identity.newUser(owner));
        String campaignId = Fixtures.createCampaign(rest, "visitOnly");
        List<String> prospects = List.of(
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("li1"), "owner", owner)),
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("li2"), "owner", owner)),
                Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("li3"), "owner", owner)));

        Fixtures.enroll(rest, campaignId, prospects);

        List<Date> followUps = prospects.stream()
                .map(id -> tasks.createTaskQuery().processInstanceBusinessKey(campaignId + ":" + id).singleResult().getFollowUpDate())
                .toList();
        assertThat(followUps).containsExactly(
                paris(LocalDateTime.of(2027, 3, 16, 9, 0)),
                paris(LocalDateTime.of(2027, 3, 16, 9, 0)),
                paris(LocalDateTime.of(2027, 3, 17, 9, 0)));
        Touch third = mongo.findById(instance(campaignId, prospects.get(2)).getId() + ":visitProfile:1", Touch.class);
        assertThat(third.deferral()).isEqualTo("LinkedIn quota of 2 profile visits a day reached for " + owner);
        assertThat(third.deferredUntil()).isEqualTo(paris(LocalDateTime.of(2027, 3, 17, 9, 0)).toInstant());
    }

    private Job introJob(String campaignId, String prospectId) {
        return management.createJobQuery().processInstanceId(instance(campaignId, prospectId).getId()).singleResult();
    }

    private ProcessInstance instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }

    private static void freeze(LocalDateTime parisTime) {
        ClockUtil.setCurrentTime(paris(parisTime));
    }

    private static Date paris(LocalDateTime time) {
        return Date.from(ZonedDateTime.of(time, PARIS).toInstant());
    }
}
