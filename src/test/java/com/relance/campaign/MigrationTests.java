package com.relance.campaign;

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
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Live versions: running prospects stay on their version until the campaign is migrated. */
@RelanceTest
class MigrationTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void migratingMovesWhoCanMoveReportsWhoCannotAndNeverRepeatsATouch() {
        String key = "migrating" + System.nanoTime();
        // version 1: intro email, then a review task for CEOs and a legacy step for the others
        deploy(key, version(key, true));
        String campaignId = Fixtures.createCampaign(rest, key);
        String ceoEmail = Fixtures.uniqueEmail("ceo");
        String ceo = Fixtures.createProspect(rest, Map.of("email", ceoEmail, "title", "CEO", "locale", "en"));
        String other = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("other"), "title", "Intern", "locale", "en"));
        Fixtures.enroll(rest, campaignId, List.of(ceo, other));
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(ceoEmail)).hasSize(1);

        // version 2 drops the legacy step and adds a follow-up email after the review
        deploy(key, version(key, false));
        assertThat(instance(campaignId, ceo).getProcessDefinitionId()).as("stays on version 1 until migrated")
                .isNotEqualTo(latest(key));

        Map<String, Object> result = Api.as(rest, TestUsers.MARKETER)
                .exchange("/api/campaigns/" + campaignId + "/migrate", HttpMethod.POST, null, Fixtures.JSON).getBody();

        assertThat(result).containsEntry("migrated", 1).containsEntry("targetVersion", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failed = (List<Map<String, Object>>) result.get("failed");
        assertThat(failed).singleElement().satisfies(failure -> {
            assertThat(failure).containsEntry("prospectId", other);
            assertThat((String) failure.get("reason")).contains("legacyStep");
        });
        assertThat(instance(campaignId, ceo).getProcessDefinitionId()).isEqualTo(latest(key));
        assertThat(instance(campaignId, other).getProcessDefinitionId()).isNotEqualTo(latest(key));

        // and the migrated prospect carries on without repeating the intro
        tasks.complete(tasks.createTaskQuery().processInstanceId(instance(campaignId, ceo).getId()).singleResult().getId());
        Engine.executeDueJobs(management, runtime, campaignId);
        assertThat(TestMailServer.messagesTo(ceoEmail)).hasSize(2);
        List<Touch> touches = mongo.find(Query.query(where("prospectId").is(ceo)), Touch.class);
        assertThat(touches).extracting(Touch::activityId).containsExactlyInAnyOrder("introEmail", "followUpEmail");
    }

    private static BpmnModelInstance version(String key, boolean withLegacyStep) {
        var afterBranch = Bpmn.createExecutableProcess(key).startEvent()
                .serviceTask("introEmail").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                .camundaInputParameter("template", "intro")
                .serviceTask("isCeo").camundaDelegateExpression("${branch}")
                .camundaInputParameter("field", "prospect.title").camundaInputParameter("operator", "EQUALS")
                .camundaInputParameter("value", "CEO")
                .exclusiveGateway("byTitle");
        if (withLegacyStep) {
            return afterBranch.condition("ceo", "${branchMatched}").userTask("review").endEvent()
                    .moveToLastGateway().condition("other", "${!branchMatched}").userTask("legacyStep").endEvent()
                    .done();
        }
        return afterBranch.condition("ceo", "${branchMatched}").userTask("review")
                .serviceTask("followUpEmail").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                .camundaInputParameter("template", "follow-up").endEvent()
                .moveToLastGateway().condition("other", "${!branchMatched}").endEvent()
                .done();
    }

    private void deploy(String key, BpmnModelInstance model) {
        repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy();
    }

    private String latest(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult().getId();
    }

    private ProcessInstance instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }
}
