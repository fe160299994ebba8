package com.relance.console;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.CallSequences;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Call tasks completed from Camunda Tasklist's form have the same effect as from the console. */
@RelanceTest
class TasklistFormTests {

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

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
    }

    @Test
    void theTasklistFormRecordsTheOutcomeAndTheSequenceBranchesOnIt() throws Exception {
        String group = "tasklist" + Long.toString(System.nanoTime(), 36);
        String caller = TestUsers.newCaller(identity, group);
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String prospectId = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("tasklist"),
                "phone", "06 12 34 56 78", "owner", caller));
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId)
                .singleResult().getId();
        Task task = tasks.createTaskQuery().processInstanceId(instanceId).initializeFormKeys().singleResult();

        // Tasklist loads the form the task names, which asks for callOutcome and note
        assertThat(task.getFormKey()).isEqualTo("embedded:/forms/relance-call.html");
        String form = new ClassPathResource("static/forms/relance-call.html").getContentAsString(StandardCharsets.UTF_8);
        assertThat(form).contains("cam-variable-name=\"callOutcome\"").contains("cam-variable-name=\"note\"")
                .contains("value=\"NO_ANSWER\"");

        // and submits it through the engine's REST API as the logged-in caller
        ResponseEntity<String> submitted = Api.as(rest, caller).postForEntity("/engine-rest/task/" + task.getId() + "/submit-form",
                new HttpEntity<>(Map.of("variables", Map.of(
                        "callOutcome", Map.of("value", "NO_ANSWER", "type", "String"),
                        "note", Map.of("value", "from Tasklist", "type", "String")))), String.class);

        assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(runtime.getActiveActivityIds(instanceId)).containsExactly("retryCall");
        Touch touch = mongo.findOne(Query.query(where("processInstanceId").is(instanceId).and("activityId").is("coldCall")
                .and("channel").is(Channel.CALL)), Touch.class);
        assertThat(touch.outcome()).isEqualTo("NO_ANSWER");
        assertThat(touch.note()).isEqualTo("from Tasklist");
        assertThat(touch.caller()).isEqualTo(caller);
    }
}
