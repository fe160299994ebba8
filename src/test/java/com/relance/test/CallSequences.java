package com.relance.test;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.UserTaskBuilder;

/** A sequence of calls as the Phone call element template writes them: a call, and a retry on no answer. */
public final class CallSequences {

    public static final String KEY = "callThenRetry";

    private CallSequences() {
    }

    public static void deploy(RepositoryService repository) {
        UserTaskBuilder coldCall = Bpmn.createExecutableProcess(KEY).startEvent().userTask("coldCall").name("Cold call");
        UserTaskBuilder retry = callStep(callStep(coldCall)
                .exclusiveGateway("answered")
                .condition("No answer", "${callOutcome == 'NO_ANSWER'}")
                .userTask("retryCall").name("Call again"));
        repository.createDeployment().enableDuplicateFiltering(true).addModelInstance("call-then-retry.bpmn",
                retry.endEvent("retried")
                        .moveToNode("answered").condition("Other outcome", "${callOutcome != 'NO_ANSWER'}").endEvent("called")
                        .done()).deploy();
    }

    private static UserTaskBuilder callStep(UserTaskBuilder task) {
        return task.camundaFormKey("embedded:/forms/relance-call.html")
                .camundaAssignee("${stepRouting.assignee(execution)}")
                .camundaCandidateGroups("${stepRouting.callerGroup(execution)}")
                .camundaDueDate("${stepRouting.callDue(execution)}")
                .camundaInputParameter("script", "cold-call")
                .camundaExecutionListenerDelegateExpression("start", "${callStep}")
                .camundaExecutionListenerDelegateExpression("end", "${callStep}");
    }
}
