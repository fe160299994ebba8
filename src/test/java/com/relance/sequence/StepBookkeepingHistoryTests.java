package com.relance.sequence;

import java.util.List;

import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A step's bookkeeping variables live in the running sequence only, not in the engine's history. */
@RelanceTest
class StepBookkeepingHistoryTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    Touches touches;

    @Test
    void aStepsRunCounterIsKeptByTheSequenceButNotWrittenToTheHistory() {
        ProcessInstance instance = enrolledInFirstTouch("kept");
        String campaignId = (String) runtime.getVariable(instance.getId(), Sequences.CAMPAIGN_ID);

        // when the intro email step ran and the sequence waits before the follow-up
        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(runtime.getVariable(instance.getId(), StepRun.RUNS)).isEqualTo("introEmail=1");
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).list())
                .extracting(HistoricVariableInstance::getName)
                .contains(Sequences.PROSPECT_ID, Sequences.CAMPAIGN_ID)
                .noneMatch(StepBookkeepingHistory::isBookkeeping);

        // and when the sequence comes back to the step (here, moved there from Cockpit), it is its second run
        runtime.createProcessInstanceModification(instance.getId()).startBeforeActivity("introEmail").execute();
        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(runtime.getVariable(instance.getId(), StepRun.RUNS)).isEqualTo("introEmail=2");
        assertThat(touches.find(instance.getId() + ":introEmail:1")).map(Touch::status).contains(TouchStatus.SENT);
        assertThat(touches.find(instance.getId() + ":introEmail:2")).map(Touch::status).contains(TouchStatus.SENT);
    }

    @Test
    void aSequenceStartedByAnEarlierVersionKeepsCountingItsStepsInTheirOwnVariables() {
        ProcessInstance instance = enrolledInFirstTouch("earlier");
        String campaignId = (String) runtime.getVariable(instance.getId(), Sequences.CAMPAIGN_ID);
        // as an earlier version left it: the intro email counted once in a variable of its own
        runtime.setVariable(instance.getId(), StepRun.RUNS_PREFIX + "introEmail", 1);

        Engine.executeDueJobs(management, runtime, campaignId);

        assertThat(runtime.getVariable(instance.getId(), StepRun.RUNS_PREFIX + "introEmail")).isEqualTo(2);
        assertThat(runtime.getVariable(instance.getId(), StepRun.RUNS)).isNull();
        assertThat(touches.find(instance.getId() + ":introEmail:2")).map(Touch::status).contains(TouchStatus.SENT);
        assertThat(touches.find(instance.getId() + ":introEmail:1")).isEmpty();
    }

    private ProcessInstance enrolledInFirstTouch(String name) {
        TestUsers.ensure(identity);
        String prospectId = Fixtures.createProspect(rest, name, Fixtures.uniqueEmail(name), "en");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }
}
