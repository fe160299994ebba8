package com.relance.test;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * Test sequences with one LinkedIn connection request shaped as the element template writes it (an
 * asyncBefore user task with the LinkedIn form and listeners), then a plain task {@code afterwards} that shows
 * where the sequence stands. {@link #CRASHING} "crashes" once after the step, before the engine commits.
 */
public final class LinkedInSequences {

    public static final String KEY = "linkedinConnectStep";
    public static final String CRASHING = "linkedinConnectStepCrash";

    private LinkedInSequences() {
    }

    public static void deploy(RepositoryService repository) {
        repository.createDeployment().addModelInstance("linkedin-connect-step.bpmn", sequence(KEY, false))
                .addModelInstance("linkedin-connect-step-crash.bpmn", sequence(CRASHING, true))
                .enableDuplicateFiltering(true).deploy();
    }

    private static BpmnModelInstance sequence(String key, boolean crashOnce) {
        var connect = Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("connect").camundaAsyncBefore().camundaFormKey("embedded:/forms/relance-linkedin.html")
                .camundaAssignee("${stepRouting.assignee(execution)}")
                .camundaCandidateGroups("${stepRouting.callerGroup(execution)}")
                .camundaFollowUpDate("${stepRouting.linkedinSlot(execution)}")
                .camundaExecutionListenerDelegateExpression("start", "${linkedinStep}")
                .camundaExecutionListenerDelegateExpression("end", "${linkedinStep}")
                .camundaInputParameter("action", "CONNECTION_REQUEST")
                .camundaInputParameter("template", "connection-note");
        if (crashOnce) {
            connect = connect.camundaExecutionListenerDelegateExpression("end", "${failOnceAfterStep}");
        }
        return connect.userTask("afterwards").endEvent().done();
    }
}
