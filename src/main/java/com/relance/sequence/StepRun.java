package com.relance.sequence;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * One run of a sequence step for a prospect, with a key that stays the same when the engine retries
 * the step (a failed job, a crashed node) and changes when a loop comes back to it. Channels use the
 * key to perform each side effect once.
 *
 * <p>{@code variant} is the prospect's A/B variant when an earlier split chose one.
 *
 * <p>The key is {@code <processInstanceId>:<activityId>:<run>}; {@code run} counts the committed runs
 * of the activity in a process variable, which rolls back with a failed attempt.
 */
public record StepRun(String key, String prospectId, String campaignId, String processInstanceId, String activityId,
                      String variant) {

    static final String RUNS_PREFIX = "stepRuns_";

    /** The task variable holding a task step's {@link #key()}: the console and the telephony find the touch from the task. */
    public static final String TOUCH_KEY = "touchKey";

    public static StepRun of(DelegateExecution execution) {
        String activityId = execution.getCurrentActivityId();
        int run = runs(execution, activityId) + 1;
        return new StepRun(execution.getProcessInstanceId() + ":" + activityId + ":" + run,
                (String) execution.getVariable(Sequences.PROSPECT_ID),
                (String) execution.getVariable(Sequences.CAMPAIGN_ID),
                execution.getProcessInstanceId(), activityId,
                (String) execution.getVariable(AbSplitStep.VARIANT));
    }

    /** Marks this run as done; commits with the step's transaction. */
    public void complete(DelegateExecution execution) {
        execution.getProcessInstance().setVariable(RUNS_PREFIX + activityId, runs(execution, activityId) + 1);
    }

    private static int runs(DelegateExecution execution, String activityId) {
        Object runs = execution.getProcessInstance().getVariable(RUNS_PREFIX + activityId);
        return runs instanceof Integer count ? count : 0;
    }
}
