package com.relance.sequence;

import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** A/B splits route each prospect for good and tag their touches; branches read prospect and touch data. */
@RelanceTest
class AbSplitAndBranchTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        // split A/B → intro (A) or follow-up (B) → branch on the prospect's title → end "ceo" or end "other"
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("ab-test.bpmn",
                Bpmn.createExecutableProcess("abTest").startEvent()
                        .serviceTask("split").camundaDelegateExpression("${abSplit}").camundaInputParameter("weights", "A:50,B:50")
                        .exclusiveGateway("byVariant")
                        .condition("A", "${variant == 'A'}")
                        .serviceTask("emailA").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                        .camundaInputParameter("template", "intro")
                        .serviceTask("isCeo").camundaDelegateExpression("${branch}")
                        .camundaInputParameter("field", "prospect.title").camundaInputParameter("operator", "CONTAINS")
                        .camundaInputParameter("value", "ceo")
                        .exclusiveGateway("byTitle")
                        .condition("CEO", "${branchMatched}").userTask("ceoReached").endEvent()
                        .moveToLastGateway().condition("other", "${!branchMatched}").userTask("otherReached").endEvent()
                        .moveToNode("byVariant")
                        .condition("B", "${variant == 'B'}")
                        .serviceTask("emailB").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                        .camundaInputParameter("template", "follow-up")
                        .connectTo("isCeo")
                        .done()).deploy();
    }

    @Test
    void prospectsAreSplitByWeightAndTheirTouchesCarryTheVariant() {
        String campaignId = Fixtures.createCampaign(rest, "abTest");
        List<String> prospectIds = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            prospectIds.add(Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("ab" + i),
                    "firstName", "P" + i, "title", i % 2 == 0 ? "CEO & founder" : "Engineer", "locale", "en")));
        }
        Fixtures.enroll(rest, campaignId, prospectIds);
        Engine.executeDueJobs(management, runtime, campaignId);

        List<Touch> touches = mongo.find(Query.query(where("campaignId").is(campaignId)), Touch.class);
        assertThat(touches).hasSize(40);
        assertThat(touches).allSatisfy(touch -> {
            assertThat(touch.variant()).isIn("A", "B");
            assertThat(touch.activityId()).isEqualTo("A".equals(touch.variant()) ? "emailA" : "emailB");
            String expected = new Variants(Variants.parse("A:50,B:50").weights()).choose(touch.prospectId(), "split");
            assertThat(touch.variant()).as("deterministic per prospect").isEqualTo(expected);
        });
        assertThat(touches.stream().filter(t -> "A".equals(t.variant())).count()).isBetween(8L, 32L);
        long ceos = runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%")
                .activityIdIn("ceoReached").count();
        long others = runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%")
                .activityIdIn("otherReached").count();
        assertThat(ceos).isEqualTo(20);
        assertThat(others).isEqualTo(20);

        Map<String, Object> report = Api.as(rest, TestUsers.MANAGER)
                .exchange("/api/campaigns/" + campaignId + "/variants", HttpMethod.GET, null, Fixtures.JSON).getBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants = (List<Map<String, Object>>) report.get("variants");
        assertThat(variants).extracting(v -> v.get("variant")).containsExactly("A", "B");
        assertThat(variants.stream().mapToInt(v -> (Integer) v.get("prospects")).sum()).isEqualTo(40);
        assertThat(report.get("verdict")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "NOT_ENOUGH_DATA");
    }
}
