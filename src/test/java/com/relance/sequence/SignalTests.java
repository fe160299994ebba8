package com.relance.sequence;

import java.util.List;
import java.util.Map;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies, meetings, bounces and unsubscribes stop or redirect every sequence of the prospect. */
@RelanceTest
class SignalTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        // a sequence that models replies: an interrupting event subprocess creates a task for the owner
        BpmnModelInstance modelsReplies = Bpmn.createExecutableProcess("modelsReplies")
                .startEvent()
                .intermediateCatchEvent("waitAWeek").timerWithDuration("P7D")
                .endEvent()
                .done();
        repository.createDeployment().enableDuplicateFiltering(true)
                .addModelInstance("models-replies.bpmn", withReplyHandler(modelsReplies)).deploy();
    }

    @Test
    void aReplyReachesEverySequenceOfTheProspectThatModelsItAndEndsTheOthers() {
        String prospectId = Fixtures.createProspect(rest, "Rita", Fixtures.uniqueEmail("rita"), "fr");
        String modelled = Fixtures.createCampaign(rest, "modelsReplies");
        String unmodelled = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, modelled, List.of(prospectId));
        Fixtures.enroll(rest, unmodelled, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, unmodelled);

        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.CALLER).exchange(
                "/api/prospects/" + prospectId + "/signals", HttpMethod.POST,
                new HttpEntity<>(Map.of("type", "REPLIED", "note", "Interested, call me Tuesday", "source", "manual")),
                Fixtures.JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("status", "REPLIED").containsEntry("changed", true)
                .containsEntry("runningSequences", 1);
        ProcessInstance handled = instance(modelled, prospectId);
        assertThat(runtime.getActiveActivityIds(handled.getId())).containsExactly("callTheReplier");
        assertThat(instance(unmodelled, prospectId)).isNull();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(unmodelled + ":" + prospectId)
                .singleResult().getDeleteReason()).isEqualTo("Prospect REPLIED: manual: Interested, call me Tuesday");
        assertThat(prospects.find(prospectId).orElseThrow().status()).isEqualTo(ProspectStatus.REPLIED);
    }

    @Test
    void unsubscribeAndBounceEndEvenSequencesThatModelTheMessage() {
        for (String type : List.of("UNSUBSCRIBED", "BOUNCED")) {
            String prospectId = Fixtures.createProspect(rest, "Ben", Fixtures.uniqueEmail("ben"), "fr");
            String campaignId = Fixtures.createCampaign(rest, "modelsReplies");
            Fixtures.enroll(rest, campaignId, List.of(prospectId));

            Map<String, Object> outcome = Api.as(rest, TestUsers.MARKETER).exchange(
                    "/api/prospects/" + prospectId + "/signals", HttpMethod.POST,
                    new HttpEntity<>(Map.of("type", type)), Fixtures.JSON).getBody();

            assertThat(outcome).containsEntry("runningSequences", 0);
            assertThat(instance(campaignId, prospectId)).as(type).isNull();
        }
    }

    @Test
    void aMeetingWithAColleagueEndsOrPausesTheAccountInCampaignsThatAskForIt() {
        String company = "Colleagues " + Fixtures.uniqueEmail("co");
        String booker = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("booker"), "company", company));
        String colleague = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("colleague"), "company", company.toUpperCase()));
        String stranger = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("stranger"), "company", "Elsewhere"));
        String ending = campaign("END");
        String pausing = campaign("PAUSE");
        String ignoring = campaign("NONE");
        for (String campaignId : List.of(ending, pausing, ignoring)) {
            Fixtures.enroll(rest, campaignId, List.of(booker, colleague, stranger));
        }

        Api.as(rest, TestUsers.CALLER).exchange("/api/prospects/" + booker + "/signals", HttpMethod.POST,
                new HttpEntity<>(Map.of("type", "MEETING_BOOKED")), Fixtures.JSON);

        assertThat(instance(ending, colleague)).isNull();
        assertThat(instance(pausing, colleague).isSuspended()).isTrue();
        assertThat(instance(ignoring, colleague).isSuspended()).isFalse();
        for (String campaignId : List.of(ending, pausing, ignoring)) {
            assertThat(instance(campaignId, stranger).isSuspended()).isFalse();
            assertThat(instance(campaignId, booker)).as("the booker's own sequences end: not modelled").isNull();
        }
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(ending + ":" + colleague)
                .singleResult().getDeleteReason()).startsWith("Account-level stop: colleague").endsWith("booked a meeting");
    }

    @Test
    void whetherASequenceWaitsForAMessageIsReadFromItsOwnSubscriptionsNotEverySequences() {
        // the question a reply asks of each of the prospect's sequences, as Camunda's event subscription query asks it
        String plan = jdbc.queryForObject("explain select count(distinct RES.ID_) from ACT_RU_EVENT_SUBSCR RES"
                + " where RES.PROC_INST_ID_ = 'instance' and RES.EVENT_TYPE_ = 'message' and RES.EVENT_NAME_ = 'ProspectReplied'",
                String.class);

        assertThat(plan).contains("RELANCE_IDX_EVENT_SUBSCR_PROC");
    }

    @Test
    void completingATaskLooksUpItsSubTasksWithoutReadingEveryOpenTask() {
        // the query Camunda runs at every task completion (TaskManager.findTasksByParentTaskId)
        String plan = jdbc.queryForObject("explain select * from ACT_RU_TASK where PARENT_TASK_ID_ = 'task'", String.class);

        assertThat(plan).contains("RELANCE_IDX_TASK_PARENT");
    }

    private String campaign(String accountLevel) {
        return (String) Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Account " + accountLevel, "sequence", "firstTouch",
                        "accountLevel", accountLevel,
                        "sender", Map.of("name", "A", "email", "a@relance.test"))), Fixtures.JSON).getBody().get("id");
    }

    private ProcessInstance instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }

    private static BpmnModelInstance withReplyHandler(BpmnModelInstance model) {
        model.<org.camunda.bpm.model.bpmn.instance.Process>getModelElementById("modelsReplies").builder()
                .eventSubProcess("onReply")
                .startEvent("replied").message("ProspectReplied")
                .userTask("callTheReplier").camundaCandidateGroups("callers")
                .endEvent();
        return model;
    }
}
